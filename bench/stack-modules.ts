/**
 * The start step's floor on this stack: a node process that loads the libraries the server cannot
 * answer a request without — graphql, Apollo Server, type-graphql (with reflect-metadata), pg,
 * Prisma's adapter and the generated client the server loads (dist/src/generated) — and exits.
 * Nothing of ours runs: no schema is built, nothing connects.
 */
import 'reflect-metadata';
import 'graphql';
import '@apollo/server';
import 'type-graphql';
import 'pg';
import '@prisma/adapter-pg';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/paths';

void import(path.join(PROJECT_ROOT, 'dist', 'src', 'generated', 'prisma', 'client.js'));
