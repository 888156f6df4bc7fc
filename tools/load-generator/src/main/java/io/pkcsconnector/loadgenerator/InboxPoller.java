package io.pkcsconnector.loadgenerator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads device inboxes on the notifier with each device's own token, as a device would: only devices with
 * issued but undelivered requests, each at most every {@code interval}, at most one call per device in flight,
 * following the cursor so that every item is read once. A full page is followed at once.
 */
final class InboxPoller {

    static final int PAGE = 100;

    /** A delivered PFX kept for the after-run check. */
    record PfxSample(Fleet.Device device, String requestId, String serialNumber, String blob, String password) {}

    private final StackClient client;
    private final Fleet fleet;
    private final Ledger ledger;
    private final long intervalNanos;
    private final int samplesWanted;
    private final Clock clock;
    private final List<PfxSample> samples = new ArrayList<>();
    private final AtomicLong polls = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong items = new AtomicLong();
    private volatile String lastError;

    InboxPoller(StackClient client, Fleet fleet, Ledger ledger, long intervalNanos, int samplesWanted, Clock clock) {
        this.client = client;
        this.fleet = fleet;
        this.ledger = ledger;
        this.intervalNanos = intervalNanos;
        this.samplesWanted = samplesWanted;
        this.clock = clock;
    }

    /** One round: polls the devices that wait for a delivery and are due. Runs on the scheduler thread. */
    void tick() {
        long now = System.nanoTime();
        for (int index : ledger.devicesAwaitingDelivery()) {
            Fleet.Device device = fleet.get(index);
            synchronized (device) {
                if (device.polling || now - device.lastPollNanos < intervalNanos) {
                    continue;
                }
                device.polling = true;
                device.lastPollNanos = now;
            }
            if (!poll(device)) {
                synchronized (device) {
                    device.polling = false;
                }
                // Every notifier connection is busy: the rest wait for the next tick.
                return;
            }
        }
    }

    private boolean poll(Fleet.Device device) {
        String cursor;
        synchronized (device) {
            cursor = device.cursor;
        }
        CompletableFuture<StackClient.Response> call = client.tryInbox(device.id, device.token, cursor, PAGE);
        if (call == null) {
            return false;
        }
        polls.incrementAndGet();
        call.whenComplete((response, failure) -> {
            boolean more = false;
            try {
                if (failure != null) {
                    error(failure.toString());
                } else if (response.status() != 200) {
                    error("HTTP " + response.status() + " " + StackClient.brief(response.text()));
                } else {
                    more = handle(device, response.json(), System.nanoTime()) >= PAGE;
                }
            } catch (RuntimeException e) {
                error(e.toString());
            }
            if (!more || !poll(device)) {
                synchronized (device) {
                    device.polling = false;
                }
            }
        });
        return true;
    }

    /** Reads every device's inbox to its end once more, waiting for each page (the final sweep). */
    void sweep() throws InterruptedException {
        for (Fleet.Device device : fleet.all()) {
            while (true) {
                synchronized (device) {
                    if (device.polling) {
                        device.wait(50);
                        continue;
                    }
                    device.polling = true;
                }
                int read;
                try {
                    polls.incrementAndGet();
                    StackClient.Response response = client.inbox(device.id, device.token, device.cursor, PAGE);
                    if (response.status() != 200) {
                        error("HTTP " + response.status() + " " + StackClient.brief(response.text()));
                        read = 0;
                    } else {
                        read = handle(device, response.json(), System.nanoTime());
                    }
                } catch (IOException e) {
                    error(e.toString());
                    read = 0;
                } finally {
                    synchronized (device) {
                        device.polling = false;
                    }
                }
                if (read < PAGE) {
                    break;
                }
            }
        }
    }

    /** Records a page's pkcs deliveries and moves the device's cursor; returns how many items it had. */
    int handle(Fleet.Device device, JsonNode page, long nowNanos) {
        JsonNode list = page.path("items");
        for (JsonNode item : list) {
            items.incrementAndGet();
            if (!"pkcs".equals(item.path("kind").asText())) {
                continue;
            }
            String requestId = item.path("requestId").asText(null);
            if (requestId == null) {
                continue;
            }
            ledger.delivered(
                    requestId, nowNanos, inboxNanos(item.path("createdDateTime").asText(null)));
            sample(device, requestId, item);
        }
        String next = page.path("nextCursor").asText(null);
        if (next != null) {
            synchronized (device) {
                device.cursor = next;
            }
        }
        return list.size();
    }

    private long inboxNanos(String createdDateTime) {
        if (createdDateTime == null) {
            return -1;
        }
        try {
            return clock.nanosOf(Instant.parse(createdDateTime));
        } catch (DateTimeParseException e) {
            return -1;
        }
    }

    private void sample(Fleet.Device device, String requestId, JsonNode item) {
        synchronized (samples) {
            if (samples.size() < samplesWanted) {
                samples.add(new PfxSample(
                        device,
                        requestId,
                        item.path("serialNumber").asText(null),
                        item.path("encryptedPfxBlob").asText(null),
                        item.path("encryptedPfxPassword").asText(null)));
            }
        }
    }

    private void error(String message) {
        errors.incrementAndGet();
        lastError = message;
    }

    List<PfxSample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    long polls() {
        return polls.get();
    }

    long errors() {
        return errors.get();
    }

    long items() {
        return items.get();
    }

    String lastError() {
        return lastError;
    }
}
