package io.pkcsconnector.pkijmh;

import io.pkcsconnector.pki.CertificateIssuer;
import io.pkcsconnector.pki.DistinguishedName;
import io.pkcsconnector.pki.IssuedCertificate;
import io.pkcsconnector.pki.PasswordGenerator;
import io.pkcsconnector.pki.PasswordWrapper;
import io.pkcsconnector.pki.PreparedIssuance;
import java.security.cert.CertificateParsingException;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One PFX, everything the issuance worker's {@code CertificateConnector} computes per request except the
 * database, Redis and Kafka: validate (request fields, template check, device key PEM), prepare (template
 * check, key generation, serial), sign, generate the password, build the PKCS#12, wrap the password for the
 * device, and derive the {@code CertificateIssued} fields (PEM, subject, EKUs, Base64). Run with {@code -t}
 * equal to the number of cores, its throughput is the machine's crypto limit for issuance: no deployment of
 * the worker on this machine can issue faster.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class IssuePfxBenchmark {

    @Param({"rsa2048", "ecP256"})
    public String key;

    @Benchmark
    public void issuePfx(PkiFixture pki, Blackhole blackhole) throws CertificateParsingException {
        CertificateIssuer issuer = pki.issuer;
        PkiFixture.Validated validated = pki.validate(key);
        PreparedIssuance prepared = issuer.prepare(validated.request());
        blackhole.consume(prepared.serialHex()); // the reservation records it before signing
        IssuedCertificate issued = issuer.sign(prepared);
        char[] password = PasswordGenerator.generate();
        byte[] passwordBytes = PasswordGenerator.toBytes(password);
        try {
            byte[] pfx = pki.pkcs12.encode(issued, password);
            byte[] wrapped = PasswordWrapper.wrap(passwordBytes, validated.deviceKey());
            blackhole.consume(issued.certificatePem());
            blackhole.consume(DistinguishedName.subjectOf(issued.certificate()).toRfc4514());
            blackhole.consume(issued.certificate().getExtendedKeyUsage());
            blackhole.consume(Base64.getEncoder().encodeToString(pfx));
            blackhole.consume(Base64.getEncoder().encodeToString(wrapped));
        } finally {
            Arrays.fill(password, '\0');
            Arrays.fill(passwordBytes, (byte) 0);
        }
    }
}
