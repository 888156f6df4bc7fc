package io.pkcsconnector.issuanceworker.persistence;

/** The states of {@code issuance_request.status}; {@code issued} and {@code failed} are terminal. */
public enum IssuanceStatus {
    IN_PROGRESS("in_progress"),
    ISSUED("issued"),
    FAILED("failed");

    private final String column;

    IssuanceStatus(String column) {
        this.column = column;
    }

    public String column() {
        return column;
    }

    public boolean terminal() {
        return this != IN_PROGRESS;
    }

    static IssuanceStatus fromColumn(String value) {
        for (IssuanceStatus status : values()) {
            if (status.column.equals(value)) {
                return status;
            }
        }
        throw new IllegalStateException("unknown issuance status '" + value + "' in the database");
    }
}
