// Empty: py/modsys.c includes it; we have no platform module.
