package io.pkcsconnector.pkijmh;

import io.pkcsconnector.pki.CrlBuilder;
import io.pkcsconnector.pki.RevokedCertificate;
import io.pkcsconnector.pki.SerialNumbers;
import java.math.BigInteger;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One full issuing-CA CRL as the revocation worker publishes it: {@link CrlBuilder#issuingCrl} over {@code entries}
 * revoked certificates (build, sign, re-read as an {@link X509CRL}) and {@link X509CRL#getEncoded()}, the bytes
 * {@code GET /v1/crl/{caId}.crl} serves. Average time per CRL, in milliseconds.
 *
 * <p>The entries are made once per trial and are what the worker's table would hold: random 20-byte serials as
 * {@link SerialNumbers#random()} makes them, revocation times spread over the last year, reasons mostly
 * unspecified(0) (no entry extension) and the rest keyCompromise, superseded, cessationOfOperation. The DER size is
 * printed once, in the setup ({@code CRL of N entries: B bytes}).
 *
 * <p>Short by default (one fork, 2 x 5 s warm-up, 3 x 5 s measurement): {@code java -jar target/benchmarks.jar Crl
 * -t 1}. {@code -p entries=10000,100000} or {@code -p key=rsa2048} for other shapes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class CrlBenchmark {

    /** Reason codes, drawn uniformly: 60 % unspecified, 20 % superseded, 10 % keyCompromise, 10 % cessationOfOperation. */
    private static final int[] REASONS = {0, 0, 0, 0, 0, 0, 1, 4, 4, 5};

    @Param({"100000"})
    public int entries;

    @Param({"ecP256"})
    public String key;

    private CrlBuilder builder;
    private List<RevokedCertificate> revoked;
    private Instant thisUpdate;
    private final AtomicLong crlNumber = new AtomicLong(1);
    private volatile int lastSize;

    @Setup
    public void setUp() throws CRLException {
        builder = new CrlBuilder(PkiFixture.authority(key));
        revoked = revokedCertificates(entries, Instant.now());
        thisUpdate = Instant.now();
        int size = crl().length;
        System.out.printf(
                "%nCRL of %,d entries: %,d bytes (%.2f MB, %.1f bytes per entry), signed %s%n",
                entries,
                size,
                size / 1e6,
                (double) size / Math.max(1, entries),
                builder.authority().signatureAlgorithm());
    }

    @Benchmark
    public byte[] issuingCrl() throws CRLException {
        byte[] der = crl();
        lastSize = der.length;
        return der;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (lastSize > 0) {
            System.out.printf("%nlast CRL: %,d bytes%n", lastSize);
        }
    }

    private byte[] crl() throws CRLException {
        BigInteger number = BigInteger.valueOf(crlNumber.getAndIncrement());
        return builder.issuingCrl(number, thisUpdate, thisUpdate.plus(Duration.ofDays(7)), revoked)
                .getEncoded();
    }

    static List<RevokedCertificate> revokedCertificates(int count, Instant now) {
        SplittableRandom random = new SplittableRandom(42);
        long year = Duration.ofDays(365).toSeconds();
        Set<BigInteger> serials = new HashSet<>();
        List<RevokedCertificate> list = new ArrayList<>(count);
        while (list.size() < count) {
            BigInteger serial = SerialNumbers.random();
            if (serials.add(serial)) {
                list.add(new RevokedCertificate(
                        serial, now.minusSeconds(random.nextLong(year)), REASONS[random.nextInt(REASONS.length)]));
            }
        }
        return list;
    }
}
