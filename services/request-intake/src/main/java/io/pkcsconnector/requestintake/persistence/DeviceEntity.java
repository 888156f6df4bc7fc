package io.pkcsconnector.requestintake.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.UUID;

@Entity
@Table(name = "device")
@IdClass(DeviceEntity.Key.class)
public class DeviceEntity extends PanacheEntityBase {

    /** Device ids are unique within a tenant. */
    public record Key(String tenantId, String deviceId) implements Serializable {}

    @Id
    @Column(name = "tenant_id")
    public String tenantId;

    @Id
    @Column(name = "device_id")
    public String deviceId;

    @Column(nullable = false)
    public String platform;

    @Column(name = "user_principal_name")
    public String userPrincipalName;

    @Column(name = "user_id")
    public String userId;

    @Column(name = "email_address")
    public String emailAddress;

    @Column(name = "device_name")
    public String deviceName;

    @Column(name = "serial_number")
    public String serialNumber;

    public String imei;

    @Column(name = "aad_device_id")
    public String aadDeviceId;

    @Column(name = "wifi_mac_address")
    public String wifiMacAddress;

    /** A domain-joined device's DNS name, for {@code {{FullyQualifiedDomainName}}}. */
    @Column(name = "fully_qualified_domain_name")
    public String fullyQualifiedDomainName;

    /** The user's on-premises AD distinguished name, for {@code {{OnPrem_Distinguished_Name}}}. */
    @Column(name = "on_premises_distinguished_name")
    public String onPremisesDistinguishedName;

    /** The user's on-premises sAMAccountName, for {@code {{onPremisesSamAccountName}}}. */
    @Column(name = "on_premises_sam_account_name")
    public String onPremisesSamAccountName;

    @Column(name = "management_public_key", nullable = false)
    public String managementPublicKey;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    /** When the device was retired or wiped; null while it is managed. */
    @Column(name = "retired_at")
    public OffsetDateTime retiredAt;

    /** {@code retire} or {@code wipe} (a {@code RetireAction} wire name), set with {@link #retiredAt}. */
    @Column(name = "retire_action")
    public String retireAction;

    /** The requestId of the device's {@code DeviceRetired} event. */
    @Column(name = "retire_request_id")
    public UUID retireRequestId;

    public static Uni<DeviceEntity> find(String tenantId, String deviceId) {
        return find("tenantId = ?1 and deviceId = ?2", tenantId, deviceId).firstResult();
    }

    /**
     * The device, locked: {@code PESSIMISTIC_WRITE} while a retire or wipe changes it, {@code PESSIMISTIC_READ}
     * while a certificate request is created for it, so that no request slips in beside a retire.
     */
    public static Uni<DeviceEntity> findLocked(String tenantId, String deviceId, LockModeType lock) {
        return find("tenantId = ?1 and deviceId = ?2", tenantId, deviceId)
                .withLock(lock)
                .firstResult();
    }

    public boolean retired() {
        return retiredAt != null;
    }
}
