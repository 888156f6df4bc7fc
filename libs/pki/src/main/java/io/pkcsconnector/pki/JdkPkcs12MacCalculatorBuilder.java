package io.pkcsconnector.pki;

import java.io.OutputStream;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCS12PBEParams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.generators.PKCS12ParametersGenerator;
import org.bouncycastle.operator.GenericKey;
import org.bouncycastle.operator.MacCalculator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS12MacCalculatorBuilder;

/**
 * The PKCS#12 MAC (RFC 7292 appendix B key derivation + HMAC-SHA256) computed by SunJCE's {@code
 * HmacPBESHA256}. Bouncy Castle's own MAC builders hash with its pure-Java SHA-256, several times slower
 * than the JDK's intrinsic one; this plugs the JDK's into BC's PFX builder.
 */
final class JdkPkcs12MacCalculatorBuilder implements PKCS12MacCalculatorBuilder {

    private static final AlgorithmIdentifier SHA256 =
            new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE);

    private final int iterations;

    JdkPkcs12MacCalculatorBuilder(int iterations) {
        this.iterations = iterations;
    }

    @Override
    public AlgorithmIdentifier getDigestAlgorithmIdentifier() {
        return SHA256;
    }

    @Override
    public MacCalculator build(char[] password) throws OperatorCreationException {
        byte[] salt = new byte[16];
        CryptoProviders.random().nextBytes(salt);
        Mac mac;
        try {
            mac = Mac.getInstance("HmacPBESHA256", CryptoProviders.JDK_CIPHERS);
            SecretKey key = SecretKeyFactory.getInstance("PBE", CryptoProviders.JDK_CIPHERS)
                    .generateSecret(new PBEKeySpec(password));
            mac.init(key, new PBEParameterSpec(salt, iterations));
        } catch (GeneralSecurityException e) {
            throw new OperatorCreationException("cannot create the PKCS#12 MAC: " + e.getMessage(), e);
        }
        AlgorithmIdentifier parameters =
                new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, new PKCS12PBEParams(salt, iterations));
        return new MacCalculator() {
            @Override
            public AlgorithmIdentifier getAlgorithmIdentifier() {
                return parameters;
            }

            @Override
            public OutputStream getOutputStream() {
                return new OutputStream() {
                    @Override
                    public void write(int b) {
                        mac.update((byte) b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        mac.update(b, off, len);
                    }
                };
            }

            @Override
            public byte[] getMac() {
                return mac.doFinal();
            }

            @Override
            public GenericKey getKey() {
                return new GenericKey(parameters, PKCS12ParametersGenerator.PKCS12PasswordToBytes(password));
            }
        };
    }
}
