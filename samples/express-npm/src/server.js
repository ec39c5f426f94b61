const express = require('express');
const helmet = require('helmet');

const app = express();
app.use(helmet());
app.get('/health', (_req, res) => res.sendStatus(200));
app.listen(Number(process.env.PORT ?? 3000));
