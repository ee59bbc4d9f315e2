package org.vireo.security;

import java.util.Collection;
import java.util.List;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/** The authenticated user as Spring Security holds it. Carries no password after authentication. */
public final class VireoPrincipal implements UserDetails {
    private final CurrentUser user;
    private transient String passwordHash;
    private final boolean enabled;
    /** The API token's scope; null for a password sign-in. */
    private final TokenScope scope;

    public VireoPrincipal(CurrentUser user, String passwordHash, boolean enabled) {
        this(user, passwordHash, enabled, null);
    }

    VireoPrincipal(CurrentUser user, String passwordHash, boolean enabled, TokenScope scope) {
        this.user = user;
        this.passwordHash = passwordHash;
        this.enabled = enabled;
        this.scope = scope;
    }

    public CurrentUser currentUser() {
        return user;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        var role = new SimpleGrantedAuthority("ROLE_" + user.role().name());
        return scope == null ? List.of(role) : List.of(role, new SimpleGrantedAuthority(scope.authority()));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return user.username();
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    void eraseCredentials() {
        passwordHash = null;
    }
}
