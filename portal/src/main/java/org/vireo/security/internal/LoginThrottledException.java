package org.vireo.security.internal;

import org.springframework.security.core.AuthenticationException;

public class LoginThrottledException extends AuthenticationException {
    public LoginThrottledException() {
        super("too many failed logins");
    }
}
