package io.pkcsconnector.pki;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/** PEM (RFC 7468) encoding of certificates, chains and keys. */
public final class Pem {

    private Pem() {}

    public static String certificate(X509Certificate certificate) {
        return encode("CERTIFICATE", Certificates.der(certificate));
    }

    /** Concatenated PEM blocks in the given order, e.g. issuing then root for {@code chain.pem}. */
    public static String certificates(List<X509Certificate> certificates) {
        StringBuilder out = new StringBuilder();
        certificates.forEach(c -> out.append(certificate(c)));
        return out.toString();
    }

    /** SubjectPublicKeyInfo, {@code -----BEGIN PUBLIC KEY-----}. */
    public static String publicKey(PublicKey key) {
        return encode("PUBLIC KEY", key.getEncoded());
    }

    /** Unencrypted PKCS#8 in a "PRIVATE KEY" PEM block; for tests and tooling, never for storage. */
    public static String privateKey(PrivateKey key) {
        return encode("PRIVATE KEY", key.getEncoded());
    }

    /**
     * Every CERTIFICATE block in the text, in order; other blocks are skipped.
     *
     * @throws IllegalArgumentException if a block is not a certificate or there is none
     */
    public static List<X509Certificate> parseCertificates(String pem) {
        List<X509Certificate> certificates = new ArrayList<>();
        for (PemObject object : read(pem)) {
            if (object.getType().equals("CERTIFICATE")) {
                certificates.add(Certificates.fromDer(object.getContent()));
            }
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("no PEM CERTIFICATE block found");
        }
        return certificates;
    }

    static List<PemObject> read(String pem) {
        if (pem == null) {
            throw new IllegalArgumentException("PEM text is missing");
        }
        List<PemObject> objects = new ArrayList<>();
        try (PemReader reader = new PemReader(new StringReader(pem))) {
            PemObject object;
            while ((object = reader.readPemObject()) != null) {
                objects.add(object);
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("malformed PEM: " + e.getMessage(), e);
        }
        return objects;
    }

    static String encode(String type, byte[] der) {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new IllegalStateException("writing to a string cannot fail", e);
        }
        return out.toString();
    }
}
