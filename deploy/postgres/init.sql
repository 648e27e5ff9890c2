-- One database per service (docs/architecture.md: none reads another's).
CREATE DATABASE dossier;
CREATE DATABASE postal;
CREATE DATABASE portalsync;
