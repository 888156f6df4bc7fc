package io.pkcsconnector.pkijmh;

import io.pkcsconnector.pki.PasswordGenerator;
import io.pkcsconnector.pki.PasswordWrapper;
import java.security.interfaces.RSAPublicKey;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link PasswordWrapper#wrap(byte[], java.security.PublicKey)}: RSA-OAEP (SHA-256, MGF1-SHA-256) of the
 * 24-byte PFX password with the device's RSA-2048 management key. A public-key operation, so cheap next to
 * the rest of an issuance.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PasswordWrapBenchmark {

    private RSAPublicKey deviceKey;
    private byte[] password;

    @Setup
    public void setUp(PkiFixture pki) {
        deviceKey = pki.deviceKey;
        password = PasswordGenerator.toBytes(PasswordGenerator.generate());
    }

    @Benchmark
    public byte[] wrap() {
        return PasswordWrapper.wrap(password, deviceKey);
    }
}
