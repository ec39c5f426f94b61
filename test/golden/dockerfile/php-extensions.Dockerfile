FROM cgr.dev/ORG/php:8.2-fpm-dev

LABEL org.opencontainers.image.title="crm-web" \
      org.opencontainers.image.description="Laravel CRM (php-fpm)" \
      org.opencontainers.image.licenses="proprietary"

# Build deps for the extensions; the -dev packages are removed again below,
# keeping only the shared libraries the extensions link against.
USER root
RUN set -eux; \
    apk add --no-cache \
        postgresql-18-dev \
        icu-dev \
        libzip-dev \
        libpng-dev \
        libjpeg-turbo-dev \
        freetype-dev \
        unzip \
    ; \
    docker-php-ext-configure gd --with-freetype --with-jpeg; \
    docker-php-ext-install -j"$(nproc)" pdo_pgsql intl zip gd opcache; \
    pecl install redis-6.1.0; \
    docker-php-ext-enable redis; \
    rm -rf /var/lib/apt/lists/* /tmp/pear

# Composer from the official image instead of the installer script
COPY --from=composer:2 /usr/bin/composer /usr/bin/composer

# The famous extension installer, fetched without a checksum
ADD --chmod=0755 https://github.com/mlocati/docker-php-extension-installer/releases/latest/download/install-php-extensions /usr/local/bin/
RUN install-php-extensions bcmath

RUN mv "$PHP_INI_DIR/php.ini-production" "$PHP_INI_DIR/php.ini"
COPY docker/php/opcache.ini $PHP_INI_DIR/conf.d/opcache.ini

WORKDIR /var/www/html

ENV COMPOSER_ALLOW_SUPERUSER=1
COPY composer.json composer.lock ./
RUN composer install --no-dev --no-scripts --no-autoloader --prefer-dist --no-progress

COPY --chown=www-data:www-data . .
RUN composer dump-autoload --optimize --classmap-authoritative \
    && php artisan storage:link

USER www-data

EXPOSE 9000
CMD ["php-fpm"]
