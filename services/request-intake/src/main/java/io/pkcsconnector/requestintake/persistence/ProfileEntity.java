package io.pkcsconnector.requestintake.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.OffsetDateTime;

@Entity
@Table(name = "pkcs_profile")
@IdClass(ProfileEntity.Key.class)
public class ProfileEntity extends PanacheEntityBase {

    /** Profile ids are unique within a tenant. */
    public record Key(String tenantId, String profileId) implements Serializable {}

    @Id
    @Column(name = "tenant_id")
    public String tenantId;

    @Id
    @Column(name = "profile_id")
    public String profileId;

    @Column(nullable = false)
    public String platform;

    @Column(name = "template_name", nullable = false)
    public String templateName;

    /** The validated profile in its Graph JSON shape. */
    @Column(nullable = false)
    public String document;

    @Column(nullable = false)
    public int version;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "modified_at", nullable = false)
    public OffsetDateTime modifiedAt;

    /** The tenant's profiles for one platform, in id order. */
    public static Uni<java.util.List<ProfileEntity>> forPlatform(String tenantId, String platform) {
        return list("tenantId = ?1 and platform = ?2 order by profileId", tenantId, platform);
    }

    public static Uni<ProfileEntity> find(String tenantId, String profileId) {
        return find("tenantId = ?1 and profileId = ?2", tenantId, profileId).firstResult();
    }
}
