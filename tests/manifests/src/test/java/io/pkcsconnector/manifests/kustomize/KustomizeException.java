package io.pkcsconnector.manifests.kustomize;

/** A kustomization the renderer cannot or must not render; the message names the file and the field. */
public final class KustomizeException extends RuntimeException {

    public KustomizeException(String message) {
        super(message);
    }

    public KustomizeException(String message, Throwable cause) {
        super(message, cause);
    }
}
