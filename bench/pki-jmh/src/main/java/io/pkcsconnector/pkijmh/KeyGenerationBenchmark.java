package io.pkcsconnector.pkijmh;

import io.pkcsconnector.pki.KeyAlgorithm;
import java.security.KeyPair;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The subject key pair that {@code CertificateIssuer.prepare} generates for every request, through the same
 * {@link KeyAlgorithm#generateKeyPair()} (JDK provider for RSA, Bouncy Castle for EC, the shared
 * SecureRandom). RSA times vary a lot from key to key (prime search), so RSA needs long iterations.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class KeyGenerationBenchmark {

    @Param({"rsa2048", "rsa3072", "ecP256", "ecP384"})
    public String key;

    private KeyAlgorithm algorithm;

    @Setup
    public void setUp() {
        algorithm = KeyAlgorithm.fromWireName(key);
    }

    @Benchmark
    public KeyPair generateKeyPair() {
        return algorithm.generateKeyPair();
    }
}
