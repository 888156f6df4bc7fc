package io.pkcsconnector.pkijmh;

import io.pkcsconnector.pki.CaKeystore;
import io.pkcsconnector.pki.CaSettings;
import io.pkcsconnector.pki.CertificateAuthority;
import io.pkcsconnector.pki.CertificateIssuer;
import io.pkcsconnector.pki.CertificateTemplate;
import io.pkcsconnector.pki.DeviceKeys;
import io.pkcsconnector.pki.DistinguishedName;
import io.pkcsconnector.pki.IssuanceRequest;
import io.pkcsconnector.pki.KeyAlgorithm;
import io.pkcsconnector.pki.Pem;
import io.pkcsconnector.pki.Pkcs12Encoder;
import io.pkcsconnector.pki.Pkcs12Options;
import io.pkcsconnector.pki.PkiUrls;
import io.pkcsconnector.pki.SubjectAlternativeName;
import io.pkcsconnector.pki.TemplateRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Period;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What an issuance worker holds for its whole life, built once per trial and shared by every benchmark
 * thread as the worker's request threads share it: the CA loaded through {@link CaKeystore} (the worker's
 * {@code IssuingCa}, default settings: P-384 root, P-256 issuing), one {@link CertificateIssuer} over the
 * built-in templates, and a {@link Pkcs12Encoder} with the default work factors (the worker's {@code
 * pkcs.issuance.pkcs12.*} defaults). Plus one device and its RSA-2048 management key, as a request carries it.
 */
@State(Scope.Benchmark)
public class PkiFixture {

    static final String CONNECTOR = "pki-jmh";
    static final String SUBJECT = "CN=Jane Doe,OU=Devices,O=Contoso";
    static final String UPN = "jane.doe@contoso.example";
    static final String EMAIL = "jane.doe@contoso.example";
    static final int VALIDITY_DAYS = 365;

    public CertificateIssuer issuer;
    public Pkcs12Encoder pkcs12;
    /** The device's management key as the request event carries it: PEM, parsed per request. */
    public String devicePublicKeyPem;

    public RSAPublicKey deviceKey;

    private Path directory;

    @Setup
    public void setUp() throws IOException {
        directory = Files.createTempDirectory("pki-jmh-");
        CertificateAuthority ca = CaKeystore.loadOrCreate(
                directory.resolve("issuing-ca.p12"),
                "bench-keystore-password".toCharArray(),
                CaSettings.defaults(PkiUrls.of("http://127.0.0.1:8080")));
        issuer = new CertificateIssuer(ca, TemplateRegistry.builtIn());
        pkcs12 = new Pkcs12Encoder(Pkcs12Options.defaults());
        devicePublicKeyPem =
                Pem.publicKey(KeyAlgorithm.RSA_2048.generateKeyPair().getPublic());
        deviceKey = DeviceKeys.parsePem(devicePublicKeyPem);
    }

    @TearDown
    public void tearDown() throws IOException {
        if (directory != null) {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(PkiFixture::delete);
            }
        }
    }

    /**
     * The worker's {@code RequestValidation.validate} on a request event's fields: parse the wire values into
     * an {@link IssuanceRequest}, check it against its template, parse the device key.
     */
    public Validated validate(String keyAlgorithmWireName) {
        IssuanceRequest request = IssuanceRequest.builder()
                .requestId("bench-request")
                .templateName(CertificateTemplate.PKCS_USER_NAME)
                .keyAlgorithm(KeyAlgorithm.fromWireName(keyAlgorithmWireName))
                .validity(Period.ofDays(VALIDITY_DAYS))
                .connectorIdentity(CONNECTOR)
                .subject(DistinguishedName.parse(SUBJECT))
                .subjectAlternativeNames(List.of(SubjectAlternativeName.upn(UPN), SubjectAlternativeName.email(EMAIL)))
                .build();
        issuer.check(request);
        return new Validated(request, DeviceKeys.parsePem(devicePublicKeyPem));
    }

    /** A valid request for {@code algorithm}, built once for benchmarks that do not measure validation. */
    public IssuanceRequest request(KeyAlgorithm algorithm) {
        return validate(algorithm.wireName()).request();
    }

    public record Validated(IssuanceRequest request, RSAPublicKey deviceKey) {}

    /**
     * A throw-away two-tier CA whose issuing key is {@code issuingKey} (a key wire name): the defaults (P-384 root,
     * P-256 issuing) for ecP256, an RSA-3072 root over an RSA issuing CA, a P-384 root over other EC keys.
     */
    static CertificateAuthority authority(String issuingKey) {
        KeyAlgorithm issuing = KeyAlgorithm.fromWireName(issuingKey);
        PkiUrls urls = PkiUrls.of("http://127.0.0.1:8082");
        CaSettings settings = issuing == KeyAlgorithm.EC_P256
                ? CaSettings.defaults(urls)
                : CaSettings.builder(urls)
                        .issuingKeyAlgorithm(issuing)
                        .rootKeyAlgorithm(issuing.isRsa() ? KeyAlgorithm.RSA_3072 : KeyAlgorithm.EC_P384)
                        .build();
        return CertificateAuthority.generate(settings);
    }

    private static void delete(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
