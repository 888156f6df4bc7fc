package io.pkcsconnector.loadgenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OcspRequestsTest {

    static OcspTestCa testCa;

    @BeforeAll
    static void ca() throws Exception {
        testCa = OcspTestCa.ec();
    }

    @Test
    void aRequestForAGivenSerialHasOneSha1CertIdOfTheCaAndANonce() throws Exception {
        BigInteger serial = new BigInteger("4a3f00112233445566778899aabbccddeeff0011", 16);
        OcspRequests requests = OcspRequests.forSerials(testCa.ca, List.of(serial), true);

        OcspRequests.Prepared prepared = requests.next(0, new Random(1));
        OCSPReq request = new OCSPReq(prepared.der());

        assertThat(request.isSigned()).isFalse();
        assertThat(request.getVersionNumber()).isEqualTo(1);
        Req[] list = request.getRequestList();
        assertThat(list).hasSize(1);
        CertificateID id = list[0].getCertID();
        assertThat(id.getHashAlgOID()).isEqualTo(CertificateID.HASH_SHA1.getAlgorithm());
        assertThat(id.getSerialNumber()).isEqualTo(serial);
        assertThat(id.matchesIssuer(testCa.ca, new JcaDigestCalculatorProviderBuilder().build()))
                .isTrue();
        assertThat(id).isEqualTo(prepared.certificateId());

        Extension nonce = request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        assertThat(nonce).isNotNull();
        assertThat(nonce.isCritical()).isFalse();
        assertThat(nonce.getExtnValue().getOctets()).isEqualTo(prepared.nonceValue());
        // RFC 8954: the extnValue holds an OCTET STRING of the nonce's bytes.
        ASN1OctetString inner = (ASN1OctetString) ASN1Primitive.fromByteArray(prepared.nonceValue());
        assertThat(inner.getOctets()).hasSize(OcspRequests.NONCE_BYTES);
    }

    @Test
    void everyRequestGetsItsOwnNonce() {
        OcspRequests requests = OcspRequests.forSerials(testCa.ca, List.of(BigInteger.TEN), true);
        Random random = new Random(7);
        Set<String> nonces = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            nonces.add(
                    Base64.getEncoder().encodeToString(requests.next(i, random).nonceValue()));
        }
        assertThat(nonces).hasSize(100);
    }

    @Test
    void withoutANonceGivenSerialsAreEncodedOnceAndTakenRoundRobin() throws Exception {
        List<BigInteger> serials = List.of(BigInteger.valueOf(11), BigInteger.valueOf(22), BigInteger.valueOf(33));
        OcspRequests requests = OcspRequests.forSerials(testCa.ca, serials, false);
        assertThat(requests.certificates()).isEqualTo(3);
        assertThat(requests.randomSerials()).isFalse();

        List<BigInteger> asked = new ArrayList<>();
        for (long i = 0; i < 6; i++) {
            OcspRequests.Prepared prepared = requests.next(i, new Random());
            assertThat(prepared.nonceValue()).isNull();
            OCSPReq request = new OCSPReq(prepared.der());
            assertThat(request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce))
                    .isNull();
            asked.add(request.getRequestList()[0].getCertID().getSerialNumber());
        }
        assertThat(asked)
                .containsExactly(
                        serials.get(0), serials.get(1), serials.get(2), serials.get(0), serials.get(1), serials.get(2));
        assertThat(requests.next(1, new Random()).der())
                .isSameAs(requests.next(4, new Random()).der());
    }

    @Test
    void randomSerialsAreFreshPositiveAndShapedLikeTheCasOwn() throws Exception {
        OcspRequests requests = OcspRequests.forRandomSerials(testCa.ca, false);
        assertThat(requests.randomSerials()).isTrue();
        Random random = new Random(3);
        Set<BigInteger> serials = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            OcspRequests.Prepared prepared = requests.next(i, random);
            CertificateID id = new OCSPReq(prepared.der()).getRequestList()[0].getCertID();
            assertThat(id.getSerialNumber()).isEqualTo(prepared.certificateId().getSerialNumber());
            assertThat(id.getSerialNumber().signum()).isPositive();
            assertThat(id.getSerialNumber().bitLength()).isEqualTo(159);
            assertThat(id.getSerialNumber().toByteArray()).hasSize(OcspRequests.SERIAL_BYTES);
            assertThat(id.matchesIssuer(testCa.ca, new JcaDigestCalculatorProviderBuilder().build()))
                    .isTrue();
            serials.add(id.getSerialNumber());
        }
        assertThat(serials).hasSize(200);
    }

    @Test
    void requestsHaveTheSizeOfARealClientsRequest() {
        OcspRequests.Prepared withNonce =
                OcspRequests.forRandomSerials(testCa.ca, true).next(0, new Random(5));
        OcspRequests.Prepared without =
                OcspRequests.forRandomSerials(testCa.ca, false).next(0, new Random(5));
        // SHA-1 CertID with a 20-byte serial: 87 bytes bare; the nonce extension adds 37. 124 is also what
        // OcspBenchmark's request (the same shape, built the same way) measures.
        assertThat(without.der()).hasSize(87);
        assertThat(withNonce.der()).hasSize(124);
    }

    @Test
    void theGetPathSegmentIsTheUrlEncodedBase64OfTheDer() {
        byte[] der = new byte[256];
        for (int i = 0; i < der.length; i++) {
            der[i] = (byte) i; // covers the Base64 characters + and / and the = padding
        }
        String segment = OcspRequests.getPathSegment(der);

        assertThat(segment).doesNotContain("/", "+", "=").contains("%2F", "%2B", "%3D");
        assertThat(Base64.getDecoder().decode(URLDecoder.decode(segment, StandardCharsets.US_ASCII)))
                .isEqualTo(der);
    }

    @Test
    void atLeastOneSerialIsNeeded() {
        assertThatThrownBy(() -> OcspRequests.forSerials(testCa.ca, List.of(), true))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
