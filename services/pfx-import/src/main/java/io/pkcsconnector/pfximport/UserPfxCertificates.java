package io.pkcsconnector.pfximport;

import io.pkcsconnector.contracts.EventEnvelope;
import io.pkcsconnector.contracts.IntendedPurpose;
import io.pkcsconnector.contracts.PfxDeleted;
import io.pkcsconnector.contracts.PfxImported;
import io.pkcsconnector.pfximport.api.UserPfxCertificate;
import io.pkcsconnector.pfximport.persistence.Database;
import io.pkcsconnector.pfximport.persistence.DeviceDirectory;
import io.pkcsconnector.pfximport.persistence.ImportKeyStore.StoredKey;
import io.pkcsconnector.pfximport.persistence.PfxStore;
import io.pkcsconnector.pfximport.persistence.StoredPfx;
import io.pkcsconnector.pki.ImportPaddingScheme;
import io.pkcsconnector.pki.InspectedPfx;
import io.pkcsconnector.pki.PfxExpectations;
import io.pkcsconnector.pki.PfxImportException;
import io.pkcsconnector.servicecommon.api.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Graph's userPfxCertificates: import, read, change and delete a user's PFX. Every PFX is opened before it is
 * stored (password decrypted with the named import key and padding, exactly one private key matching its
 * certificate, thumbprint and dates as stated, not expired), and stored exactly as it was sent. Deliveries to the
 * user's devices follow from the {@link PfxImported} event ({@link DeliveryPlanner}).
 */
@ApplicationScoped
public class UserPfxCertificates {

    private static final Logger LOG = Logger.getLogger(UserPfxCertificates.class);

    static final int MAX_USER_ID_LENGTH = 128;

    /** What a user id may be: it becomes part of Graph ids and URLs. */
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9._@-]{1," + MAX_USER_ID_LENGTH + "}");

    private final Database database;
    private final PfxStore store;
    private final DeviceDirectory devices;
    private final ImportKeyring keys;
    private final PfxOpener opener;
    private final DeliveryPlanner planner;
    private final PfxImportMetrics metrics;

    UserPfxCertificates(
            Database database,
            PfxStore store,
            DeviceDirectory devices,
            ImportKeyring keys,
            PfxOpener opener,
            DeliveryPlanner planner,
            PfxImportMetrics metrics) {
        this.database = database;
        this.store = store;
        this.devices = devices;
        this.keys = keys;
        this.opener = opener;
        this.planner = planner;
        this.metrics = metrics;
    }

    /**
     * Imports a PFX.
     *
     * @throws ProblemException 422 with a precise reason for anything wrong with it, 409 if the user has this
     *     certificate already
     */
    public StoredPfx create(String tenantId, UserPfxCertificate body, String traceId) {
        if (body == null) {
            throw ProblemException.badRequest("missing-body", "A userPFXCertificate JSON object is required");
        }
        checkODataType(body.odataType());
        if (body.id() != null) {
            throw ProblemException.unprocessable(
                    "read-only-property", "id is assigned by the service ({userId}-{thumbprint}); leave it out");
        }
        String upn = ImportKeyring.requireName(body.userPrincipalName(), "userPrincipalName");
        String purpose = intendedPurpose(body.intendedPurpose());
        ImportPaddingScheme padding = padding(body.paddingScheme());
        StoredKey key = key(tenantId, body.providerName(), body.keyName());
        byte[] blob = blob(body.encryptedPfxBlob());
        String encryptedPassword = required(body.encryptedPfxPassword(), "encryptedPfxPassword");
        PfxExpectations expected = new PfxExpectations(
                body.thumbprint(),
                date(body.startDateTime(), "startDateTime"),
                date(body.expirationDateTime(), "expirationDateTime"));
        InspectedPfx pfx = open(key, padding, encryptedPassword, blob, expected);
        if (!pfx.notBefore().isBefore(pfx.notAfter())) {
            throw ProblemException.unprocessable(
                    "invalid-validity",
                    "The certificate's notAfter (" + pfx.notAfter() + ") is not after its notBefore (" + pfx.notBefore()
                            + ")");
        }
        String serial = serialNumber(pfx);
        String userId = userId(tenantId, upn, body.userId());

        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        StoredPfx stored = new StoredPfx(
                tenantId,
                PfxImported.userPfxCertificateId(userId, pfx.thumbprint()),
                userId,
                upn,
                pfx.thumbprint(),
                serial,
                purpose,
                pfx.notBefore(),
                pfx.notAfter(),
                key.providerName(),
                key.keyName(),
                padding.wireName(),
                blob,
                encryptedPassword.strip(),
                now,
                now);
        PfxImported imported = PfxImported.of(
                EventEnvelope.newEnvelope(tenantId, UUID.randomUUID().toString(), traceId),
                userId,
                upn,
                pfx.thumbprint(),
                IntendedPurpose.fromWireName(purpose),
                pfx.notBefore(),
                pfx.notAfter());
        boolean created = database.transaction(() -> store.insert(stored)
                .chain(inserted -> inserted
                        ? database.outbox().add(imported).replaceWith(true)
                        : Uni.createFrom().item(false)));
        if (!created) {
            throw ProblemException.conflict(
                    "already-imported",
                    "User " + upn + " has certificate " + pfx.thumbprint() + " already (" + stored.id()
                            + "); PATCH it or DELETE it first");
        }
        metrics.imported(purpose);
        LOG.infof(
                "Imported PFX %s for %s of tenant %s (%s, key %s/%s, expires %s)",
                stored.id(), upn, tenantId, purpose, key.providerName(), key.keyName(), pfx.notAfter());
        return stored;
    }

    public Optional<StoredPfx> find(String tenantId, String id) {
        return database.read(() -> store.find(tenantId, id));
    }

    /** One page in id order; {@code afterId} is "" for the first. */
    public List<StoredPfx> page(
            String tenantId, String userPrincipalName, String thumbprint, String afterId, int limit) {
        return database.read(() -> store.page(tenantId, userPrincipalName, thumbprint, afterId, limit));
    }

    /**
     * Changes what Graph lets a client change: intendedPurpose, and the blob, password, key and padding as long as
     * the PFX still opens and holds the same certificate. Read-only fields may be sent (a GET body sent back) but
     * not changed.
     */
    public StoredPfx patch(String tenantId, String id, UserPfxCertificate body) {
        if (body == null) {
            throw ProblemException.badRequest("missing-body", "A userPFXCertificate JSON object is required");
        }
        checkODataType(body.odataType());
        StoredPfx current = find(tenantId, id).orElseThrow(() -> notFound(id));
        unchanged("id", body.id(), current.id());
        unchanged("thumbprint", body.thumbprint(), current.thumbprint());
        unchanged("userPrincipalName", body.userPrincipalName(), current.userPrincipalName());
        unchanged("userId", body.userId(), current.userId());
        unchangedDate("startDateTime", body.startDateTime(), current.startDateTime());
        unchangedDate("expirationDateTime", body.expirationDateTime(), current.expirationDateTime());

        String purpose =
                body.intendedPurpose() == null ? current.intendedPurpose() : intendedPurpose(body.intendedPurpose());
        String providerName = body.providerName() == null ? current.providerName() : body.providerName();
        String keyName = body.keyName() == null ? current.keyName() : body.keyName();
        ImportPaddingScheme padding =
                padding(body.paddingScheme() == null ? current.paddingScheme() : body.paddingScheme());
        byte[] blob = body.encryptedPfxBlob() == null ? current.encryptedPfxBlob() : blob(body.encryptedPfxBlob());
        String password = body.encryptedPfxPassword() == null
                ? current.encryptedPfxPassword()
                : required(body.encryptedPfxPassword(), "encryptedPfxPassword").strip();
        boolean pfxChanged = !providerName.equals(current.providerName())
                || !keyName.equals(current.keyName())
                || !padding.wireName().equals(current.paddingScheme())
                || !Arrays.equals(blob, current.encryptedPfxBlob())
                || !password.equals(current.encryptedPfxPassword());
        if (pfxChanged) {
            StoredKey key = key(tenantId, providerName, keyName);
            open(key, padding, password, blob, new PfxExpectations(current.thumbprint(), null, null));
        }
        StoredPfx changed = new StoredPfx(
                tenantId,
                current.id(),
                current.userId(),
                current.userPrincipalName(),
                current.thumbprint(),
                current.serialNumber(),
                purpose,
                current.startDateTime(),
                current.expirationDateTime(),
                providerName,
                keyName,
                padding.wireName(),
                blob,
                password,
                current.createdAt(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        boolean updated = database.transaction(() -> store.update(changed));
        if (!updated) {
            throw notFound(id);
        }
        LOG.infof("Changed imported PFX %s of tenant %s (PFX %s)", id, tenantId, pfxChanged ? "replaced" : "kept");
        return changed;
    }

    /** Deletes the PFX and queues its removal from every device that has it. */
    public void delete(String tenantId, String id, String traceId) {
        EventEnvelope envelope =
                EventEnvelope.newEnvelope(tenantId, UUID.randomUUID().toString(), traceId);
        Integer removals =
                database.transaction(() -> store.lockExclusive(tenantId, id).chain(found -> {
                    if (found.isEmpty()) {
                        return Uni.createFrom().nullItem();
                    }
                    StoredPfx pfx = found.get();
                    return planner.queueRemovals(tenantId, id, envelope)
                            .call(() -> store.delete(tenantId, id))
                            .call(() -> database.outbox().add(PfxDeleted.of(envelope, pfx.userId(), pfx.thumbprint())));
                }));
        if (removals == null) {
            throw notFound(id);
        }
        metrics.deleted();
        LOG.infof("Deleted imported PFX %s of tenant %s; %d device(s) told to remove it", id, tenantId, removals);
    }

    private InspectedPfx open(
            StoredKey key,
            ImportPaddingScheme padding,
            String encryptedPassword,
            byte[] blob,
            PfxExpectations expected) {
        try {
            return opener.open(key, padding, encryptedPassword, blob, expected);
        } catch (PfxImportException e) {
            metrics.refused(e.failure().wireName());
            throw PfxOpener.refused(e);
        }
    }

    /** Graph's id needs the user's object id; this service knows users through their registered devices. */
    private String userId(String tenantId, String upn, String given) {
        List<String> known = database.read(() -> devices.userIdsOf(tenantId, upn));
        if (given != null) {
            if (!USER_ID.matcher(given).matches()) {
                throw ProblemException.unprocessable(
                        "invalid-property",
                        "userId must be 1 to " + MAX_USER_ID_LENGTH
                                + " letters, digits, '.', '_', '@' or '-' (an Entra object id is a GUID)");
            }
            if (!known.isEmpty() && !known.contains(given)) {
                throw ProblemException.unprocessable(
                        "user-id-mismatch",
                        "userId " + given + " is not the user registered devices name for " + upn + " ("
                                + String.join(", ", known) + ")");
            }
            // The other way round too: a user id whose devices belong to another UPN would send this user's
            // private key to someone else's devices.
            List<String> upns = database.read(() -> devices.upnsOf(tenantId, given));
            if (!upns.isEmpty() && !upns.contains(upn.toLowerCase(Locale.ROOT))) {
                throw ProblemException.unprocessable(
                        "user-id-mismatch",
                        "Registered devices of user " + given + " belong to " + String.join(", ", upns) + ", not "
                                + upn);
            }
            return given;
        }
        if (known.isEmpty()) {
            metrics.refused("unknownUser");
            throw ProblemException.unprocessable(
                    "unknown-user",
                    "No device of this tenant is known to be registered to " + upn + ", so its user id is unknown:"
                            + " register a device for the user first (POST /v1/devices; a registration made a moment"
                            + " ago may still be on its way here) or send the user's object id as \"userId\"");
        }
        if (known.size() > 1) {
            throw ProblemException.unprocessable(
                    "ambiguous-user",
                    "Devices of this tenant name several user ids for " + upn + " (" + String.join(", ", known)
                            + "); send the intended one as \"userId\"");
        }
        return known.get(0);
    }

    private StoredKey key(String tenantId, String providerName, String keyName) {
        String provider = ImportKeyring.requireName(providerName, "providerName");
        String name = ImportKeyring.requireName(keyName, "keyName");
        return keys.find(tenantId, provider, name).orElseThrow(() -> {
            metrics.refused("unknownImportKey");
            return ProblemException.unprocessable(
                    "unknown-import-key",
                    "This tenant has no import key '" + name + "' of provider '" + provider
                            + "'; create it with POST /v1/pfx-import/keys");
        });
    }

    private static void checkODataType(String odataType) {
        if (odataType != null && !odataType.equalsIgnoreCase(UserPfxCertificate.ODATA_TYPE)) {
            throw ProblemException.unprocessable(
                    "invalid-odata-type",
                    "@odata.type must be " + UserPfxCertificate.ODATA_TYPE + ", got '" + odataType + "'");
        }
    }

    /** Graph compares enum members ignoring case (the PowerShell module sends "SmimeEncryption"); we answer in canon. */
    private static String intendedPurpose(String value) {
        if (value == null) {
            return IntendedPurpose.UNASSIGNED.wireName();
        }
        return Arrays.stream(IntendedPurpose.values())
                .map(IntendedPurpose::wireName)
                .filter(name -> name.equalsIgnoreCase(value.strip()))
                .findFirst()
                .orElseThrow(() -> ProblemException.unprocessable(
                        "invalid-intended-purpose",
                        "intendedPurpose must be one of "
                                + Arrays.stream(IntendedPurpose.values())
                                        .map(IntendedPurpose::wireName)
                                        .collect(Collectors.joining(", "))
                                + ", got '" + value + "'"));
    }

    private ImportPaddingScheme padding(String value) {
        String canonical = value;
        if (value != null) {
            for (String name : List.of("none", "pkcs1", "oaepSha1", "oaepSha256", "oaepSha384", "oaepSha512")) {
                if (name.equalsIgnoreCase(value.strip())) {
                    canonical = name;
                }
            }
        }
        try {
            return ImportPaddingScheme.fromWireNameOrNone(canonical);
        } catch (IllegalArgumentException e) {
            boolean retired = "pkcs1".equals(canonical) || "oaepSha1".equals(canonical);
            metrics.refused(retired ? "unsupportedPaddingScheme" : "invalidPaddingScheme");
            throw ProblemException.unprocessable(
                    retired ? "unsupported-padding-scheme" : "invalid-padding-scheme", e.getMessage());
        }
    }

    private static byte[] blob(String base64) {
        String value = required(base64, "encryptedPfxBlob");
        try {
            return Base64.getMimeDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.unprocessable(
                    "corrupt-pfx", "encryptedPfxBlob is not base64 (the PFX file's bytes, base64-encoded)");
        }
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ProblemException.unprocessable("missing-property", field + " is required");
        }
        return value;
    }

    private static Instant date(String value, String field) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.unprocessable(
                    "invalid-property", field + " must be an ISO-8601 date and time with offset, got '" + value + "'");
        }
    }

    /** Serials of imported certificates are rendered as the contracts carry them; RFC 5280 allows 20 octets. */
    private static String serialNumber(InspectedPfx pfx) {
        byte[] octets = pfx.certificate().getSerialNumber().toByteArray();
        if (octets.length > 20) {
            throw ProblemException.unprocessable(
                    "nonconforming-serial",
                    "The certificate's serial number has " + octets.length
                            + " octets; RFC 5280 allows at most 20, and devices would not find it to remove it");
        }
        String hex = new BigInteger(1, octets).toString(16);
        return hex.length() % 2 == 0 ? hex : "0" + hex;
    }

    private static void unchanged(String field, String given, String current) {
        if (given != null && !given.equalsIgnoreCase(current)) {
            throw ProblemException.unprocessable(
                    "read-only-property", field + " cannot be changed (is '" + current + "'); import anew instead");
        }
    }

    private static void unchangedDate(String field, String given, Instant current) {
        Instant date = date(given, field);
        if (date != null && Math.abs(date.getEpochSecond() - current.getEpochSecond()) > 1) {
            throw ProblemException.unprocessable(
                    "read-only-property", field + " is the certificate's and cannot be changed (is " + current + ")");
        }
    }

    static ProblemException notFound(String id) {
        return ProblemException.notFound(
                "unknown-user-pfx-certificate", "No userPFXCertificate '" + id + "' in this tenant");
    }
}
