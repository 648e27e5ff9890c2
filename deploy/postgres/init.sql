-- One database per service (system.md: none reads another's).
CREATE DATABASE dossier;
CREATE DATABASE postal;
CREATE DATABASE portalsync;
