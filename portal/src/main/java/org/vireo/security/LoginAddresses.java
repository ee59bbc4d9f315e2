package org.vireo.security;

import java.util.Locale;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.vireo.security.internal.LoginAddressEntity;
import org.vireo.security.internal.LoginAddressRepository;
import org.vireo.security.internal.UserAccountRepository;

/**
 * What a new browser session tells about its user: the language their mails are written in, and the address they
 * signed in from. An address the account was not signed in from before is announced
 * ({@link SignedInFromNewAddress}), except at the account's very first sign-in.
 */
@Component
class LoginAddresses {
    /** Addresses kept per user: the newest ones (a roaming user would otherwise be told every day). */
    static final int KEPT = 20;

    private final LoginAddressRepository addresses;
    private final UserAccountRepository accounts;
    private final ApplicationEventPublisher events;

    LoginAddresses(LoginAddressRepository addresses, UserAccountRepository accounts, ApplicationEventPublisher events) {
        this.addresses = addresses;
        this.accounts = accounts;
        this.events = events;
    }

    @Transactional
    public void signedIn(CurrentUser user, String address, Locale locale) {
        accounts.findById(user.id()).ifPresent(a -> {
            if (!a.getLocale().equals(locale)) {
                a.setLocale(locale);
            }
        });
        if (address == null || address.length() > 64) {
            return;
        }
        var key = new LoginAddressEntity.Key(user.id(), address);
        if (addresses.existsById(key)) {
            return;
        }
        var known = addresses.findByUserIdOrderByFirstSeen(user.id());
        var seen = addresses.save(new LoginAddressEntity(user.id(), address));
        if (known.size() >= KEPT) {
            addresses.deleteAll(known.subList(0, known.size() - KEPT + 1));
        }
        if (!known.isEmpty()) {
            events.publishEvent(new SignedInFromNewAddress(user.id(), address, seen.getFirstSeen()));
        }
    }
}
