package io.pkcsconnector.loadgenerator;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The progress line on stderr: refreshed in place about four times a second on a terminal, or a plain line every
 * five seconds when stderr goes to a file or pipe.
 */
final class Progress {

    enum Style {
        AUTO,
        BAR,
        LINES,
        OFF
    }

    static final long LINE_EVERY_NANOS = 5_000_000_000L;
    private static final int BAR_WIDTH = 20;

    private final Style style;
    private final PrintWriter err;
    private long lastLineNanos = Long.MIN_VALUE / 2;
    private boolean barShown;

    Progress(Style style, PrintWriter err) {
        this.style = style;
        this.err = err;
    }

    /** Shows the current state; called about every 250 ms. */
    synchronized void update(
            String phase, Ledger.Snapshot snapshot, long total, double elapsedSeconds, int issuedPerSecond) {
        String line = line(phase, snapshot, total, elapsedSeconds, issuedPerSecond);
        switch (style) {
            case BAR -> {
                err.print("\r" + line + "\u001b[K");
                err.flush();
                barShown = true;
            }
            case LINES -> {
                long now = System.nanoTime();
                if (now - lastLineNanos >= LINE_EVERY_NANOS) {
                    lastLineNanos = now;
                    err.println(line);
                    err.flush();
                }
            }
            default -> {}
        }
    }

    /** A message of its own line, not overwritten by the bar. */
    synchronized void say(String message) {
        if (style == Style.OFF) {
            return;
        }
        if (barShown) {
            err.print("\r\u001b[K");
            barShown = false;
        }
        err.println(message);
        err.flush();
    }

    /** Ends the bar's line so the summary starts on a fresh one. */
    synchronized void done() {
        if (barShown) {
            err.println();
            err.flush();
            barShown = false;
        }
    }

    /** The progress text; {@code total} 0 means a run by duration (no bar). */
    static String line(String phase, Ledger.Snapshot s, long total, double elapsedSeconds, int issuedPerSecond) {
        StringBuilder line = new StringBuilder();
        line.append(String.format(Locale.ROOT, "%-8s %6.1fs ", phase, elapsedSeconds));
        if (total > 0) {
            int filled = (int) Math.min(BAR_WIDTH, (s.delivered() + s.failed()) * BAR_WIDTH / Math.max(1, total));
            line.append('[')
                    .append("#".repeat(filled))
                    .append(".".repeat(BAR_WIDTH - filled))
                    .append("] ");
            line.append(String.format(Locale.ROOT, "submitted %d/%d", s.submitted(), total));
        } else {
            line.append("submitted ").append(s.submitted());
        }
        line.append(String.format(
                Locale.ROOT,
                "  issued %d  delivered %d  failed %d  outstanding %d  %d issued/s  p50 %s",
                s.issued(),
                s.delivered(),
                s.failed(),
                s.outstanding(),
                issuedPerSecond,
                s.latencyP50Ms() == null ? "-" : String.format(Locale.ROOT, "%.0f ms", s.latencyP50Ms())));
        return line.toString();
    }
}
