/** Accounts, sign-in, API tokens, SSH keys, the caller. */
@ApplicationModule(allowedDependencies = {"audit", "base", "mail"})
package org.vireo.security;

import org.springframework.modulith.ApplicationModule;
