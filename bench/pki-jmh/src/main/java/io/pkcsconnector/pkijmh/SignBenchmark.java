package io.pkcsconnector.pkijmh;

import io.pkcsconnector.pki.CertificateIssuer;
import io.pkcsconnector.pki.IssuanceRequest;
import io.pkcsconnector.pki.IssuedCertificate;
import io.pkcsconnector.pki.KeyAlgorithm;
import io.pkcsconnector.pki.PreparedIssuance;
import java.security.KeyPair;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link CertificateIssuer#sign}: building the leaf with its extensions and signing it with the issuing CA
 * (P-256, so SHA256withECDSA whatever the subject key). A prepared issuance can be signed once only, so each
 * call gets a fresh one in an invocation-level setup, which JMH leaves out of the measurement; it reuses one
 * subject key pair, so key generation is not measured here.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SignBenchmark {

    @Param({"rsa2048", "ecP256"})
    public String key;

    private CertificateIssuer issuer;
    private IssuanceRequest request;
    private KeyPair subjectKeyPair;
    private PreparedIssuance prepared;

    @Setup
    public void setUp(PkiFixture pki) {
        issuer = pki.issuer;
        KeyAlgorithm algorithm = KeyAlgorithm.fromWireName(key);
        request = pki.request(algorithm);
        subjectKeyPair = algorithm.generateKeyPair();
    }

    @Setup(Level.Invocation)
    public void prepare() {
        prepared = issuer.prepare(request, subjectKeyPair);
    }

    @Benchmark
    public IssuedCertificate sign() {
        return issuer.sign(prepared);
    }
}
