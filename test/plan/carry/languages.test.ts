import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catalog, carryOf, runs } from './helpers.js';

// Node, Ruby, PHP and compiled-language tools: the fate, the Wolfi packages, the step.

const cases: {
  name: string;
  script: string;
  program: string;
  over?: Parameters<typeof carryOf>[2];
  fate?: string;
  build: string[];
  image: string[];
  step: RegExp;
  ships?: string[];
  environment?: Record<string, string>;
}[] = [
  {
    name: 'npm ci builds node_modules next to the application with nodejs of the image version',
    script: 'npm ci --omit=dev',
    program: 'npm',
    over: { runtime: { name: 'nodejs', version: '24' } },
    build: ['nodejs-24', 'npm-12'],
    image: ['nodejs-24'],
    step: /^export PATH=\/app\/node_modules\/\.bin:\$PATH\nnpm ci --omit=dev$/,
    ships: ['/app/node_modules', '/app'],
  },
  {
    name: 'npm install -g installs under /usr in the package',
    script: 'npm install -g pm2',
    program: 'npm',
    over: { runtime: { name: 'nodejs', version: '24' } },
    build: ['nodejs-24', 'npm-12'],
    image: ['nodejs-24'],
    step: /npm install -g pm2 --prefix "\$\{\{targets\.destdir\}\}\/usr"$/,
    ships: ['/app'],
  },
  {
    name: 'yarn install --frozen-lockfile comes from Wolfi yarn, which needs nodejs beside it',
    script: 'yarn install --frozen-lockfile',
    program: 'yarn',
    over: { runtime: { name: 'nodejs', version: '26' } },
    build: ['nodejs-26', 'yarn'],
    image: ['nodejs-26'],
    step: /yarn install --frozen-lockfile$/,
    ships: ['/app/node_modules', '/app'],
  },
  {
    name: 'pnpm install builds node_modules',
    script: 'pnpm install --frozen-lockfile --prod',
    program: 'pnpm',
    build: ['nodejs-26', 'pnpm-11.8'],
    image: ['nodejs-26'],
    step: /pnpm install --frozen-lockfile --prod$/,
    ships: ['/app/node_modules', '/app'],
  },
  {
    name: 'bundle install honours BUNDLE_PATH and BUNDLE_WITHOUT, with ruby3.3-bundler for ruby 3.3',
    script: 'bundle install --jobs 4',
    program: 'bundle',
    over: {
      runtime: { name: 'ruby', version: '3.3' },
      env: { BUNDLE_PATH: '/usr/local/bundle', BUNDLE_WITHOUT: 'development:test' },
    },
    build: ['ruby-3.3', 'ruby3.3-bundler'],
    image: ['ruby-3.3', 'ruby3.3-bundler'],
    step: /^bundle install --jobs 4$/,
    ships: ['/usr/local/bundle', '/app'],
  },
  {
    name: 'bundle install without a path keeps the gems with the application and says so in ENV',
    script: 'bundle install',
    program: 'bundle',
    over: { runtime: { name: 'ruby', version: '3.4' } },
    build: ['ruby-3.4', 'ruby3.4-bundler'],
    image: ['ruby-3.4', 'ruby3.4-bundler'],
    step: /^bundle install$/,
    ships: ['/app/vendor/bundle', '/app'],
    environment: { BUNDLE_PATH: '/app/vendor/bundle' },
  },
  {
    name: 'gem install goes into GEM_HOME in the package',
    script: 'gem install foreman --no-document',
    program: 'gem',
    over: { runtime: { name: 'ruby', version: '3.3' }, env: { GEM_HOME: '/usr/local/bundle' } },
    build: ['ruby-3.3'],
    image: ['ruby-3.3'],
    step: /^gem install foreman --no-document --install-dir "\$\{\{targets\.destdir\}\}\/usr\/local\/bundle" --bindir "\$\{\{targets\.destdir\}\}\/usr\/local\/bundle\/bin"$/,
    ships: ['/app'],
  },
  {
    name: 'gem install bundler is the bundler package',
    script: 'gem install bundler -v 2.5.0',
    program: 'gem',
    over: { runtime: { name: 'ruby', version: '3.3' } },
    fate: 'package',
    build: ['ruby-3.3', 'ruby3.3-bundler'],
    image: ['ruby-3.3', 'ruby3.3-bundler'],
    step: /^$/,
  },
  {
    name: 'composer install builds vendor/ with php of the image version',
    script: 'composer install --no-dev --optimize-autoloader',
    program: 'composer',
    over: { runtime: { name: 'php', version: '8.3' } },
    build: ['php-8.3', 'composer'],
    image: ['php-8.3'],
    step: /^composer install --no-dev --optimize-autoloader$/,
    ships: ['/app/vendor', '/app'],
  },
  {
    name: 'go install puts the binary into GOPATH/bin in the package',
    script: 'go install github.com/pressly/goose/v3/cmd/goose@v3.20.0',
    program: 'go',
    over: { env: { GOPATH: '/go' } },
    build: ['go-1.27'],
    image: [],
    step: /^go install github\.com\/pressly\/goose\/v3\/cmd\/goose@v3\.20\.0$/,
    ships: ['/app'],
  },
  {
    name: 'cargo install goes into CARGO_HOME/bin in the package',
    script: 'cargo install sqlx-cli --locked',
    program: 'cargo',
    over: { env: { CARGO_HOME: '/usr/local/cargo' } },
    build: ['rust-1.97', 'build-base'],
    image: [],
    step: /^cargo install sqlx-cli --locked --root "\$\{\{targets\.destdir\}\}\/usr\/local\/cargo"$/,
    ships: ['/app'],
  },
  {
    name: 'dotnet publish -o writes the published application into the package',
    script: 'dotnet publish -c Release -o /app/out',
    program: 'dotnet',
    over: { runtime: { name: 'dotnet', version: '9' }, workdir: '/src' },
    build: ['dotnet-9-sdk'],
    image: [],
    step: /^dotnet publish -c Release -o "\$\{\{targets\.destdir\}\}\/app\/out"$/,
    ships: ['/src'],
  },
  {
    name: 'mvn in the final stage runs with maven and a JDK of the image version',
    script: 'mvn -B package -DskipTests',
    program: 'mvn',
    over: { runtime: { name: 'openjdk', version: '21' } },
    build: ['maven-3.9', 'openjdk-21', 'openjdk-21-default-jdk'],
    image: [],
    step: /^mvn -B package -DskipTests$/,
    ships: ['/app'],
  },
  {
    name: 'gradle runs with gradle and the newest JDK when the image names none',
    script: 'gradle build --no-daemon',
    program: 'gradle',
    build: ['gradle-9', 'openjdk-26', 'openjdk-26-default-jdk'],
    image: [],
    step: /^gradle build --no-daemon$/,
    ships: ['/app'],
  },
];

for (const c of cases) {
  test(c.name, () => {
    const carried = carryOf(c.script, c.program, c.over);
    assert.equal(carried.fate, c.fate ?? 'melange', carried.detail);
    assert.deepEqual(carried.buildPackages, c.build);
    assert.deepEqual(carried.imagePackages, c.image);
    assert.match(runs(carried), c.step);
    assert.deepEqual(carried.ships, c.ships ?? []);
    assert.deepEqual(carried.environment, c.environment ?? {});
    for (const name of [...carried.buildPackages, ...carried.imagePackages])
      assert.ok(catalog.has(name), name);
  });
}

test('go install sets GOBIN in the package for the step', () => {
  const carried = carryOf('go install example.com/tool@latest', 'go', { env: { GOPATH: '/go' } });
  assert.deepEqual(carried.steps[0]?.environment, { GOBIN: '${{targets.destdir}}/go/bin' });
});

test('bundle config becomes BUNDLE_* in the build and the image, paths made absolute', () => {
  const carried = carryOf('bundle config set --local path vendor/bundle', 'bundle', {
    runtime: { name: 'ruby', version: '3.3' },
  });
  assert.equal(carried.fate, 'apko');
  assert.deepEqual(carried.environment, { BUNDLE_PATH: '/app/vendor/bundle' });
  assert.deepEqual(carried.buildEnvironment, { BUNDLE_PATH: '/app/vendor/bundle' });
});

test('bundle install passes the stage BUNDLE_* settings to its step', () => {
  const carried = carryOf('bundle install', 'bundle', {
    runtime: { name: 'ruby', version: '3.3' },
    env: { BUNDLE_WITHOUT: 'development', BUNDLE_DEPLOYMENT: '1' },
  });
  assert.deepEqual(carried.steps[0]?.environment, {
    BUNDLE_WITHOUT: 'development',
    BUNDLE_DEPLOYMENT: '1',
    BUNDLE_PATH: '/app/vendor/bundle',
  });
  assert.deepEqual(carried.environment, {});
});

test('npm cache clean and composer clear-cache are unneeded', () => {
  assert.equal(carryOf('npm cache clean --force', 'npm').fate, 'unneeded');
  assert.equal(carryOf('composer clear-cache', 'composer').fate, 'unneeded');
});

test('a runtime version Wolfi lacks for a tool is an error naming the missing package', () => {
  const carried = carryOf('bundle install', 'bundle', {
    runtime: { name: 'ruby', version: '2.7' },
  });
  // ruby 2.7 → nearest newer ruby-3.2 has ruby3.2-bundler: carried.
  assert.equal(carried.fate, 'melange');
  assert.deepEqual(carried.buildPackages, ['ruby-3.2', 'ruby3.2-bundler']);
});
