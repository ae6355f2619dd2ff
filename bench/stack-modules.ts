/**
 * Target 7's floor on this stack: a node process that loads the libraries the server cannot
 * answer a request without — the product's stack: graphql, Apollo Server, type-graphql (with
 * reflect-metadata), pg and Prisma's adapter and generated client — and exits. Nothing of ours
 * runs: no schema is built, no query compiler is loaded, nothing connects. pg is loaded as the
 * server loads it (src/db/pg.ts: without its Cloudflare probe, which would load undici).
 */
import 'reflect-metadata';
import 'graphql';
import '@apollo/server';
import 'type-graphql';
import '../src/db/pg';
import '@prisma/adapter-pg';
import '../src/generated/prisma/client';
