-- Single sign-on (OpenID Connect): the provider's identity an account is linked to, "<issuer> <sub>" (sub is at
-- most 255 characters). Set only on accounts single sign-on created; a local account is never linked by its name.
alter table user_account add column oidc_subject varchar(600);
alter table user_account add constraint user_account_oidc_subject unique (oidc_subject);
