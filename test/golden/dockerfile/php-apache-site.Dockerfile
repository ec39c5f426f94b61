# A PHP site served by Apache: the build context is the document root.
FROM cgr.dev/ORG/php:8.3-dev
USER root
RUN docker-php-ext-install pdo_mysql
COPY . /var/www/html/
RUN chown -R www-data:www-data /var/www/html
USER nonroot
EXPOSE 80
