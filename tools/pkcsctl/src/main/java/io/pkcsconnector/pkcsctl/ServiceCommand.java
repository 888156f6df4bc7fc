package io.pkcsconnector.pkcsctl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** What every command that calls the service needs: the client, stdout, JSON output. */
abstract class ServiceCommand {

    @Spec
    CommandSpec spec;

    PfxImportClient client() {
        return root().client(spec);
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    void printJson(JsonNode node) {
        try {
            out().println(mapper().writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    /** A JSON array, not the service's paged collections: pages read one after the other are one list. */
    void printJson(List<JsonNode> nodes) {
        printJson(mapper().createArrayNode().addAll(nodes));
    }

    /** Picocli's invalid-input error (exit status 2) for a check it cannot express in annotations. */
    ParameterException invalid(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    ObjectMapper mapper() {
        return root().json;
    }

    private Pkcsctl root() {
        return (Pkcsctl) spec.root().userObject();
    }

    /** A string field of the service's JSON, "" when absent. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asText();
    }
}
