import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { BakeSyntaxError, bakeTargets } from '../src/bake.js';

const hcl = (text: string) => bakeTargets([{ name: 'docker-bake.hcl', text }]);

describe('docker-bake.hcl targets', () => {
  it('reads a target’s tags, context and dockerfile', () => {
    const targets = hcl(`
# The organisation's images
group "default" {
  targets = ["base", "api"]
}

target "base" {
  context    = "images/base"
  dockerfile = "Containerfile"
  tags       = ["acme/python-base:1.0", "acme/python-base:latest"]
}
`);
    assert.deepEqual(targets, [
      {
        name: 'base',
        context: 'images/base',
        dockerfile: 'Containerfile',
        tags: ['acme/python-base:1.0', 'acme/python-base:latest'],
      },
    ]);
  });

  it('fills ${var} from variable defaults, a variable from another', () => {
    const [t] = hcl(`
variable "REGISTRY" { default = "ghcr.io/acme" }
variable "TAG" {
  default = "\${MAJOR}.4"
}
variable "MAJOR" { default = 2 }
target "base" {
  tags = ["\${REGISTRY}/base:\${TAG}", "$\${not-a-variable}"]
}
`);
    assert.deepEqual(t?.tags, ['ghcr.io/acme/base:2.4', '${not-a-variable}']);
    assert.equal(t?.context, '.');
    assert.equal(t?.dockerfile, 'Dockerfile');
  });

  it('takes a declared variable from the environment over its default, as bake does', () => {
    const text = `
variable "REGISTRY" { default = "ghcr.io/acme" }
variable "TAG" { default = "dev" }
target "base" {
  tags = ["\${REGISTRY}/base:\${TAG}", "\${UNDECLARED}-x"]
}
`;
    const [t] = bakeTargets([{ name: 'docker-bake.hcl', text }], {
      TAG: '1.4',
      UNDECLARED: 'ignored',
    });
    assert.deepEqual(t?.tags, ['ghcr.io/acme/base:1.4']);
    const [unset] = bakeTargets([{ name: 'docker-bake.hcl', text }], { REGISTRY: '' });
    assert.deepEqual(unset?.tags, ['/base:dev']);
  });

  it('inherits attributes from the targets it names, its own winning', () => {
    const targets = hcl(`
target "_common" {
  context = "services"
  args = {
    PYTHON = "3.12"
  }
}
target "api" {
  inherits   = ["_common"]
  dockerfile = "api/Dockerfile"
  tags       = ["acme/api"]
}
target "worker" {
  inherits = ["api"]
  context  = "workers"
  tags     = ["acme/worker"]
}
`);
    assert.deepEqual(
      targets.map((t) => [t.name, t.context, t.dockerfile, t.tags]),
      [
        ['api', 'services', 'api/Dockerfile', ['acme/api']],
        ['worker', 'workers', 'api/Dockerfile', ['acme/worker']],
      ],
    );
  });

  it('leaves out tags it cannot evaluate and keeps the rest of the file', () => {
    const targets = hcl(`
variable "TAG" { default = "1" }
function "tag" {
  params = [name]
  result = ["acme/\${name}:\${TAG}"]
}
target "a" {
  tags = [notequal("", TAG) ? "acme/a:\${TAG}" : "acme/a", "acme/a:edge"]
  platforms = [for p in ["amd64", "arm64"] : "linux/\${p}"]
  labels = { "org.opencontainers.image.title" = "a" }
}
target "b" {
  tags = tag("b")
}
target "c" {
  tags = ["acme/c:\${upper(TAG)}", "acme/c"]
  dockerfile-inline = <<-EOT
    FROM alpine
    RUN echo "\${TAG}"
  EOT
}
`);
    assert.deepEqual(
      targets.map((t) => [t.name, t.tags]),
      [
        ['a', ['acme/a:edge']],
        ['c', ['acme/c']],
      ],
    );
  });

  it('merges an override file: its variable defaults and attributes win', () => {
    const targets = bakeTargets([
      {
        name: 'docker-bake.hcl',
        text: 'variable "TAG" { default = "dev" }\ntarget "base" {\n  context = "base"\n  tags = ["acme/base:${TAG}"]\n}\n',
      },
      {
        name: 'docker-bake.override.hcl',
        text: 'variable "TAG" { default = "1.0" }\ntarget "base" { dockerfile = "Dockerfile.prod" }\n',
      },
    ]);
    assert.deepEqual(targets, [
      { name: 'base', context: 'base', dockerfile: 'Dockerfile.prod', tags: ['acme/base:1.0'] },
    ]);
  });

  it('reads docker-bake.json the same way, with interpolation in its strings', () => {
    const targets = bakeTargets([
      {
        name: 'docker-bake.json',
        text: JSON.stringify({
          variable: { TAG: { default: '2.1' } },
          group: { default: { targets: ['base'] } },
          target: {
            base: { context: 'base', tags: ['acme/base:${TAG}'] },
            app: { inherits: ['base'], context: 'app', tags: ['acme/app'] },
          },
        }),
      },
    ]);
    assert.deepEqual(
      targets.map((t) => [t.name, t.context, t.tags]),
      [
        ['base', 'base', ['acme/base:2.1']],
        ['app', 'app', ['acme/app']],
      ],
    );
  });

  it('names the file and line of a syntax error', () => {
    assert.throws(
      () => hcl('target "a" {\n  tags = ["x"\n}\n'),
      (e: unknown) =>
        e instanceof BakeSyntaxError && /^docker-bake\.hcl:3: expected , or \]/.test(e.message),
    );
    assert.throws(() => hcl('target "a" {\n  context = "unterminated\n}\n'), BakeSyntaxError);
  });

  it('never throws anything but BakeSyntaxError, whatever the text', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(
            ...'target "a" { } [ ] ( ) = , ${ } %{ x-1 ? : \\ /* */ // \n# <<-EOT\n'.split(''),
          ),
        }),
        (text: string) => {
          try {
            hcl(text);
          } catch (error) {
            assert.ok(error instanceof BakeSyntaxError, String(error));
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
