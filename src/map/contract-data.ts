// The shape of rules/base-contracts.json: what a Docker base image gives an image besides
// its packages (ENV, WORKDIR, USER, ENTRYPOINT/CMD, STOPSIGNAL, shell, accounts, tools).
// scripts/import-contracts.ts derives it; src/map/contracts.ts reads it. Types only.

export const BASE_CONTRACTS_FORMAT = 'wolfify-base-contracts/1';

/** One variant of an image (a tag family: `3.12-slim-trixie`), its values Docker-exact. */
export interface ContractVariant {
  /** The tag the facts were read for. */
  tag: string;
  /** Its leading version (`3.12`), or null (`mainline`, `latest`). */
  version: string | null;
  /** Its other words (`slim`, `trixie`, `alpine`, `nonroot`, `debug`, `fpm`). */
  words: string[];
  /** null: the image sets none (Docker's default). */
  entrypoint: string[] | null;
  cmd: string[] | null;
  workdir: string | null;
  /** null: root. */
  user: string | null;
  stopsignal: string | null;
  /** Whether /bin/sh exists (null: not established). */
  shell: boolean | null;
  /**
   * Environment the image's containers inherit that still means something on Wolfi (locale,
   * tool homes, runtime settings); release-specific values, build flags and Docker-only
   * install paths are left out by the import.
   */
  env: Record<string, string>;
  /** Names whose Docker value is the runtime's version (PYTHON_VERSION): Wolfi's version goes there. */
  versionEnv: string[];
  /** PATH entries beyond apko's default that point into a directory `env` names (GOPATH/bin). */
  path: string[];
  /** Accounts the image ships: [name, uid, gid]. */
  users: [string, number, number][];
  /** Tools the image preinstalls that a Dockerfile may call (pip, npm, yarn, bundle, gosu, …). */
  tools: string[];
  volumes: string[];
  /** Ports the image's default configuration listens on. */
  expose: string[];
  /** Where the facts come from (repository, path, commit). */
  source: string;
}

export interface BaseContractsData {
  format: typeof BASE_CONTRACTS_FORMAT;
  /** How the file was made, and from what. */
  source: string;
  /** Image key (`python`, `gcr.io/distroless/static`, `mcr.microsoft.com/dotnet/aspnet`) → variants. */
  images: Record<string, ContractVariant[]>;
}
