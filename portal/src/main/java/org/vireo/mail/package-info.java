/** E-mail to users over SMTP ({@code VIREO_SMTP_*}), in their language; off when no SMTP host is set. */
@ApplicationModule(allowedDependencies = {"base"})
package org.vireo.mail;

import org.springframework.modulith.ApplicationModule;
