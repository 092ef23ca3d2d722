"""OpenID Connect sign-in for residents, following the FranceConnect profile.

allauth's generic OpenID Connect provider does most of the work; this one adds what the
FranceConnect profile requires: a `nonce` sent and checked against the ID token, `acr_values`
that the browser cannot change, the level of assurance checked in the ID token, and logout at
the provider (RP-initiated logout with `id_token_hint` and a signed `state`).
"""
