import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadBuiltinCatalog } from '../../src/catalog/builtin.js';
import { loadBuiltinRules } from '../../src/map/builtin-rules.js';
import type { MapContext } from '../../src/map/context.js';
import {
  contractKey,
  loadBaseContracts,
  loadCommandProviders,
  loadWolfiAdaptations,
  pickVariant,
} from '../../src/map/contracts.js';
import { parseTag } from '../../src/map/image-ref.js';
import { mapBaseImage, runtimeNamedBy } from '../../src/map/images.js';
import { followImageVersion } from '../../src/map/version-stream.js';
import { parseImageRef } from '../../src/parse/index.js';
import { repoRoot } from '../schema.js';

const ctx: MapContext = {
  catalog: loadBuiltinCatalog(),
  rules: loadBuiltinRules(),
  repositories: ['https://packages.wolfi.dev/os'],
};
const map = (raw: string) => mapBaseImage(parseImageRef(raw), ctx);

describe('base image contracts', () => {
  it('says where the derived table comes from', () => {
    const data = loadBaseContracts();
    assert.match(data.source, /base-image-contracts\.json/);
    assert.ok(Object.keys(data.images).length >= 100);
  });

  it('keys images the way references are normalised', () => {
    assert.equal(
      contractKey(parseImageRef('gcr.io/distroless/static-debian12:nonroot')),
      'gcr.io/distroless/static',
    );
    assert.equal(
      contractKey(parseImageRef('cgr.dev/acme.com/python:latest')),
      'cgr.dev/chainguard/python',
    );
    assert.equal(contractKey(parseImageRef('python:3.12')), 'python');
  });

  it('picks the variant a tag is the default of: python:3.12 is the full image, 3.12-slim the slim one', () => {
    const variants = loadBaseContracts().images['python'] ?? [];
    assert.deepEqual(pickVariant(variants, parseTag('3.12'))?.words, []);
    assert.deepEqual(pickVariant(variants, parseTag('3.12-slim'))?.tag, '3.12-slim-trixie');
    const dotnet = loadBaseContracts().images['mcr.microsoft.com/dotnet/aspnet'] ?? [];
    assert.equal(pickVariant(dotnet, parseTag('8.0'))?.tag, '8.0-bookworm-slim');
    assert.equal(pickVariant(dotnet, parseTag('8.0-noble-chiseled'))?.tag, '8.0-noble-chiseled');
  });

  it("keeps nginx's entrypoint with the Wolfi package that ships it, and its stop signal", () => {
    const c = map('nginx:1.27').contract;
    assert.deepEqual(c?.entrypoint, ['/docker-entrypoint.sh']);
    assert.deepEqual(c?.cmd, ['nginx', '-g', 'daemon off;']);
    assert.deepEqual(c?.packages, ['nginx-mainline-oci-entrypoint-compat']);
    assert.equal(c?.stopSignal, 'SIGQUIT');
    assert.deepEqual(c?.nonRoot && [c.nonRoot.from, c.nonRoot.to], [80, 8080]);
  });

  it("drops node's entrypoint script where Wolfi has no package of it for that version", () => {
    const c = map('node:20').contract; // node 20 → nodejs-24 (public), whose compat exists
    assert.deepEqual(c?.packages, ['nodejs-24-oci-entrypoint-compat']);
    const cli = map('php:8.3-cli').contract;
    assert.equal(cli?.entrypoint, null, 'docker-php-entrypoint is not carried');
    assert.deepEqual(cli?.cmd, ['php', '-a']);
    assert.deepEqual(map('php:8.3-fpm').contract?.cmd, ['php-fpm', '-F']);
  });

  it('carries the users a base ships and a distroless :nonroot USER and WORKDIR', () => {
    assert.equal(map('node:22').users['node'], 1000);
    assert.equal(map('postgres:16-alpine').users['postgres'], 70);
    const distroless = map('gcr.io/distroless/static-debian12:nonroot').contract;
    assert.equal(distroless?.user, '65532');
    assert.equal(distroless?.workdir, '/home/nonroot');
    assert.equal(distroless?.shell, false);
  });

  it('adds PATH entries only where tools install (GOPATH/bin), not Docker install prefixes', () => {
    assert.deepEqual(map('golang:1.26').contract?.path, ['/go/bin']);
    assert.deepEqual(map('eclipse-temurin:21-jre').contract?.path, []);
  });

  it('every package the Wolfi adaptations and the command table name exists in the catalog', () => {
    const catalog = loadBuiltinCatalog();
    for (const [id, a] of Object.entries(loadWolfiAdaptations())) {
      for (const c of [a, ...Object.values(a.variants ?? {})]) {
        for (const name of c.packages ?? []) {
          if (name.includes('{')) continue; // version templates: checked where used
          assert.ok(catalog.resolve(name), `${id}: ${name}`);
        }
      }
    }
    for (const [program, spec] of Object.entries(loadCommandProviders()))
      if (spec.add) assert.ok(catalog.resolve(spec.add), `${program}: ${spec.add}`);
  });

  it('the adaptations name image rules that exist', () => {
    const rules = loadBuiltinRules();
    for (const id of Object.keys(loadWolfiAdaptations())) assert.ok(rules.images.has(id), id);
  });

  it('the derived table is what the import script writes (its source note, valid JSON)', () => {
    const text = readFileSync(join(repoRoot, 'rules', 'base-contracts.json'), 'utf8');
    assert.equal(JSON.parse(text).format, 'wolfify-base-contracts/1');
  });
});

describe('base image names', () => {
  it('resolves official images under every registry alias', () => {
    for (const raw of [
      'docker.io/library/ruby:3.3',
      'registry.docker.com/library/ruby:3.3',
      'index.docker.io/library/ruby:3.3',
      'mirror.gcr.io/library/ruby:3.3',
      'public.ecr.aws/docker/library/ruby:3.3',
    ]) {
      const d = map(raw);
      assert.equal(d.rule, 'images:ruby', raw);
      assert.ok(d.contract, raw);
    }
  });

  it('gives a third-party base the runtime its name or tag names, with a warning', () => {
    const cases: [string, string][] = [
      ['ghcr.io/acme/tools:1.4-python3.12-slim', 'python-3.12'],
      ['acme/app-base:node24', 'nodejs-24'],
      ['quay.io/acme/java:21-jre', 'openjdk-21-jre'],
    ];
    for (const [raw, runtime] of cases) {
      const d = map(raw);
      assert.equal(d.runtime[0], runtime, raw);
      assert.ok(
        d.findings.some((f) => f.id === 'WF213' && f.severity === 'warning'),
        raw,
      );
      assert.equal(d.contract, null, `${raw}: the rest of the base is unknown`);
    }
  });

  it('reads no runtime from a name that only contains one (go-tools:1.2)', () => {
    const ref = parseImageRef('ghcr.io/acme/go-tools:1.2');
    assert.equal(runtimeNamedBy(ref, parseTag('1.2')), null);
  });

  it('makes a wholly unknown base an error whose hint shows the rule to add', () => {
    const f = map('acme/widget:2.1').findings.find((x) => x.id === 'WF207');
    assert.equal(f?.severity, 'error');
    assert.match(f?.hint ?? '', /images: \{my-base: \{match: \[acme\/widget\]/);
  });
});

describe('data servers and version streams', () => {
  it('maps postgres:16 to postgresql-18 with a warning that the data will not open', () => {
    const d = map('postgres:16');
    assert.equal(d.runtime[0], 'postgresql-18');
    const f = d.findings.find((x) => x.id === 'WF206');
    assert.match(f?.message ?? '', /data directory created by the older PostgreSQL will not open/);
  });

  it('maps redis to valkey and says what changes', () => {
    const d = map('redis:7');
    assert.deepEqual(d.runtime.slice(0, 2), ['valkey-9.1', 'valkey-9.1-cli']);
    assert.ok(d.findings.some((f) => f.id === 'WF215' && /Redis 7\.4 or later/.test(f.message)));
  });

  it('reports mysql, mariadb and mongo, which public Wolfi lacks, as errors', () => {
    for (const raw of ['mysql:8.4', 'mariadb:11', 'mongo:7']) {
      const f = map(raw).findings.find((x) => x.id === 'WF214');
      assert.equal(f?.severity, 'error', raw);
    }
  });

  it("moves a runtime's distro packages and tools to the image's version", () => {
    const catalog = loadBuiltinCatalog();
    assert.equal(followImageVersion('python-3.14', 'python-3.11', catalog), 'python-3.11');
    assert.equal(followImageVersion('py3-pip', 'python-3.11', catalog), 'py3.11-pip');
    assert.equal(
      followImageVersion('py3.13-poetry-bin', 'python-3.10', catalog),
      'py3.10-poetry-bin',
    );
    assert.equal(followImageVersion('ruby4.0-bundler', 'ruby-3.3', catalog), 'ruby3.3-bundler');
    assert.equal(followImageVersion('python-3.11', 'python-3.11', catalog), null);
    assert.equal(followImageVersion('libpq-18', 'python-3.11', catalog), null);
  });
});
