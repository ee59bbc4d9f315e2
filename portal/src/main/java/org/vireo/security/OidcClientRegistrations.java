package org.vireo.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;

/**
 * The one OpenID Connect client, discovered from the issuer at its first use and kept once that worked: a portal
 * whose provider is down starts, and password sign-in goes on working.
 */
final class OidcClientRegistrations implements ClientRegistrationRepository {
    static final String ID = "vireo";
    private static final Logger log = LoggerFactory.getLogger(OidcClientRegistrations.class);

    private final OidcSettings settings;
    private volatile ClientRegistration registration;

    OidcClientRegistrations(OidcSettings settings) {
        this.settings = settings;
    }

    @Override
    public ClientRegistration findByRegistrationId(String registrationId) {
        if (!ID.equals(registrationId)) {
            return null;
        }
        var known = registration;
        if (known == null) {
            synchronized (this) {
                if (registration == null) {
                    registration = discover();
                }
                known = registration;
            }
        }
        return known;
    }

    private ClientRegistration discover() {
        try {
            return ClientRegistrations.fromIssuerLocation(settings.issuer())
                    .registrationId(ID)
                    .clientId(settings.clientId())
                    .clientSecret(settings.clientSecret())
                    .clientName(settings.name())
                    .scope("openid", "profile")
                    .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                    .build();
        } catch (RuntimeException e) {
            log.warn("Single sign-on: the provider {} could not be discovered: {}", settings.issuer(), e.toString());
            throw e;
        }
    }
}
