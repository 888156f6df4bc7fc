package io.pkcsconnector.requestintake.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pkcsconnector.requestintake.persistence.ProfileEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Reads and writes a profile's stored JSON document (kept apart from the admin-only resource). */
@ApplicationScoped
public class ProfileDocuments {

    @Inject
    ObjectMapper json;

    public PkcsProfile read(ProfileEntity entity) {
        try {
            return json.readValue(entity.document, PkcsProfile.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored profile " + entity.profileId + " is not readable", e);
        }
    }

    public String write(PkcsProfile profile) {
        try {
            return json.writeValueAsString(profile);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("profile cannot be serialised", e);
        }
    }
}
