# syntax=docker/dockerfile:1

# Make sure RUBY_VERSION matches the Ruby version in .ruby-version
ARG RUBY_VERSION=3.3
FROM cgr.dev/ORG/ruby:$RUBY_VERSION-dev AS base

WORKDIR /rails

# Install base packages needed at runtime
USER root
RUN apk add --no-cache curl jemalloc libvips postgresql-18-client

# tini as PID 1, pinned by checksum
ADD --checksum=sha256:93dcc18adc78c65a028a84799ecf8ad40c936fdfc5f2a57b1acda5a8117fa82c \
    https://github.com/krallin/tini/releases/download/v0.19.0/tini /usr/local/bin/tini
RUN chmod +x /usr/local/bin/tini

# Set production environment
ENV RAILS_ENV="production" \
    BUNDLE_DEPLOYMENT="1" \
    BUNDLE_PATH="/usr/local/bundle" \
    BUNDLE_WITHOUT="development:test"

# Throw-away build stage to reduce size of final image
FROM base AS build

# Install packages needed to build gems and compile assets
RUN apk add --no-cache build-base git postgresql-18-dev yaml-dev pkgconf nodejs-26 yarn

COPY Gemfile Gemfile.lock ./
RUN bundle install && \
    rm -rf ~/.bundle/ "${BUNDLE_PATH}"/ruby/*/cache "${BUNDLE_PATH}"/ruby/*/bundler/gems/*/.git && \
    bundle exec bootsnap precompile --gemfile

COPY . .

# Precompiling assets for production without requiring secret RAILS_MASTER_KEY
RUN bundle exec bootsnap precompile app/ lib/ && \
    SECRET_KEY_BASE_DUMMY=1 ./bin/rails assets:precompile

# Final stage for app image
FROM base

COPY --from=build "${BUNDLE_PATH}" "${BUNDLE_PATH}"
COPY --from=build /rails /rails

# Run and own only the runtime files as a non-root user for security
RUN addgroup -S -g 1000 rails && \
    adduser -D -u 1000 -G rails -s /bin/bash rails && \
    chown -R rails:rails db log storage tmp
USER rails:rails

ENV LD_PRELOAD="libjemalloc.so.2"

EXPOSE 3000
ENTRYPOINT ["/usr/local/bin/tini", "--", "/rails/bin/docker-entrypoint"]
CMD ["./bin/thrust", "./bin/rails", "server"]
