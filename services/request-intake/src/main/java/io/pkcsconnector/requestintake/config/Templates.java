package io.pkcsconnector.requestintake.config;

import io.pkcsconnector.pki.TemplateRegistry;
import io.pkcsconnector.requestintake.ProfileRules;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The certificate templates profiles may name: the built-in AD CS-style catalog of libs/pki. */
public class Templates {

    @Produces
    @ApplicationScoped
    ProfileRules profileRules() {
        return new ProfileRules(TemplateRegistry.builtIn());
    }
}
