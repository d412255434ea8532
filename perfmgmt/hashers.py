"""Password hashing: Django's Argon2id hasher with OWASP's recommended cost.

Django's own defaults (100 MiB, 2 passes, 8 lanes) cost about as much CPU per sign-in as
its PBKDF2 default, so 50 officers signing in at once on two cores would still queue for
seconds. OWASP's Password Storage Cheat Sheet recommends Argon2id with at least 19 MiB
of memory, 2 passes and 1 lane: memory-hard, so a stolen hash is still costly to attack
on a GPU, at about a tenth of the CPU (figures in docs/decisions.md).

The algorithm name stays ``argon2``: hashes made with other parameters still check, and
Django re-hashes them with these at their owner's next sign-in.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher as DjangoArgon2PasswordHasher


class Argon2PasswordHasher(DjangoArgon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
