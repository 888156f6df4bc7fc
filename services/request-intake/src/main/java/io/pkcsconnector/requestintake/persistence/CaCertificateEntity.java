package io.pkcsconnector.requestintake.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** The CA's public certificates as the issuance side last published them. */
@Entity
@Table(name = "ca_certificate")
public class CaCertificateEntity extends PanacheEntityBase {

    @Id
    @Column(name = "ca_id")
    public String caId;

    @Column(name = "root_certificate_pem", nullable = false)
    public String rootCertificatePem;

    @Column(name = "issuing_certificate_pem", nullable = false)
    public String issuingCertificatePem;

    @Column(name = "crl_url", nullable = false)
    public String crlUrl;

    @Column(name = "ocsp_url", nullable = false)
    public String ocspUrl;

    @Column(name = "published_at", nullable = false)
    public OffsetDateTime publishedAt;

    /** The most recently published CA: the one new certificates are issued from. */
    public static Uni<CaCertificateEntity> current() {
        return find("order by publishedAt desc").firstResult();
    }
}
