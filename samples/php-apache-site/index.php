<?php
$db = new PDO(getenv('DSN') ?: 'mysql:host=db;dbname=site', getenv('DB_USER'), getenv('DB_PASSWORD'));
echo 'ok';
