package io.pkcsconnector.pkijmh;

import io.pkcsconnector.pki.IssuedCertificate;
import io.pkcsconnector.pki.KeyAlgorithm;
import io.pkcsconnector.pki.PasswordGenerator;
import io.pkcsconnector.pki.Pkcs12Encoder;
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
 * {@link Pkcs12Encoder#encode(IssuedCertificate, char[])} with the default work factors (10,000 iterations
 * for the key bag, the certificate safe and the MAC), as the worker builds every PFX. Three PBKDF2 runs
 * dominate; the subject key only changes the size of what is encrypted.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Pkcs12Benchmark {

    @Param({"rsa2048", "ecP256"})
    public String key;

    private Pkcs12Encoder encoder;
    private IssuedCertificate issued;
    private char[] password;

    @Setup
    public void setUp(PkiFixture pki) {
        encoder = pki.pkcs12;
        issued = pki.issuer.issue(pki.request(KeyAlgorithm.fromWireName(key)));
        password = PasswordGenerator.generate();
    }

    @Benchmark
    public byte[] encode() {
        return encoder.encode(issued, password);
    }
}
