package io.meridian.server.config;

import io.meridian.server.auth.Tokens;
import java.util.List;

/** The {@code auth} section of {@code meridian.yaml}: API tokens given by their SHA-256, never in clear. */
public record AuthSection(List<Tokens.FileToken> tokens) {
    public AuthSection {
        tokens = tokens == null ? List.of() : tokens;
    }
}
