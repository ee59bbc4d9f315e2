package org.vireo.security.internal;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.authentication.AuthenticationDetailsSource;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/** Details of a password login through the REST API (HTTP Basic when issuing a token), audited with source API. */
public final class ApiAuthenticationDetails extends WebAuthenticationDetails {
    public static final AuthenticationDetailsSource<HttpServletRequest, ApiAuthenticationDetails> SOURCE =
            ApiAuthenticationDetails::new;

    private ApiAuthenticationDetails(HttpServletRequest request) {
        super(request);
    }
}
