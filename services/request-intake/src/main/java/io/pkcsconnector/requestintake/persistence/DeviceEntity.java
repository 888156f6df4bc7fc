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

    @Column(name = "management_public_key", nullable = false)
    public String managementPublicKey;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    public static Uni<DeviceEntity> find(String tenantId, String deviceId) {
        return find("tenantId = ?1 and deviceId = ?2", tenantId, deviceId).firstResult();
    }
}
