import { getNamedType, GraphQLObjectType, GraphQLResolveInfo } from 'graphql';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { estimateWork } from '../src/core';
import { isNotFound } from '../src/services/errors';
import { TEXT_LIMITS } from '../src/services/text';
import { scenarioEstimate } from '../src/services/estimate.service';
import { toLibraryInfo } from '../src/services/library.service';
import type { Context } from './context';
import * as scenarios from '../src/services/scenario.service';
import { showable, toWrite } from './convert';
import { Estimate } from './estimate.type';
import { Library } from './library.type';
import { CreateScenarioInput, ScenarioFilter, ScenarioOrder, ScenarioSpecType } from './scenario.input';
import { PageInfo, Scenario, ScenarioConnection, ScenarioRevision } from './scenario.type';
import { User } from './user.type';

@ArgsType()
export class ScenarioPageArgs {
  @Field(() => Int, { nullable: true, description: `Page size, default ${scenarios.DEFAULT_PAGE_SIZE}, at most ${scenarios.MAX_PAGE_SIZE}.` }) first?:
    number | null;
  @Field(() => String, { nullable: true, description: 'endCursor of the previous page.' }) after?: string | null;
  @Field(() => ScenarioFilter, { nullable: true }) filter?: ScenarioFilter | null;
  @Field(() => ScenarioOrder, {
    nullable: true,
    description: 'The order (default: by creation, oldest first, as ids are). A cursor made in one order is refused in another (BAD_USER_INPUT naming after).',
  })
  orderBy?: ScenarioOrder | null;
}

export function toConnection(page: scenarios.ScenarioPage, ctx: Context): ScenarioConnection {
  // The listed library was read by the access check anyway: its rows need no further statement.
  if (page.library) ctx.libraries.prime(page.library.library.id, toLibraryInfo(page.library.library, page.library.hardware));
  const edges = page.rows.map((node) => ({ cursor: page.cursorOf(node), node: node as unknown as Scenario }));
  const pageInfo: PageInfo = {
    hasNextPage: page.hasNextPage,
    hasPreviousPage: false,
    startCursor: edges[0]?.cursor ?? null,
    endCursor: edges[edges.length - 1]?.cursor ?? null,
  };
  return Object.assign(new ScenarioConnection(), { edges, pageInfo, page });
}

const NOTE = `A short change note stored with the new version (ScenarioRevision.note): trimmed, at most ${TEXT_LIMITS.note} characters (else BAD_USER_INPUT naming note).`;

@Resolver(() => Scenario)
export class ScenarioResolver {
  @Query(() => Scenario, { nullable: true, description: 'A scenario you may read; null when there is none (or you may not see it).' })
  async scenario(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return scenarios.getScenario(ctx.db, ctx.viewer, id).catch((e) => {
      if (isNotFound(e)) return null;
      throw e;
    });
  }

  @Query(() => ScenarioConnection, { description: 'Scenarios in readable libraries (or one library), newest last unless orderBy says otherwise.' })
  async scenarios(
    @Ctx() ctx: Context,
    @Arg('libraryId', () => ID, { nullable: true }) libraryId: string | null,
    @Args(() => ScenarioPageArgs) args: ScenarioPageArgs,
  ) {
    return toConnection(await scenarios.listScenarios(ctx.db, ctx.viewer, { ...args, libraryId }), ctx);
  }

  @Mutation(() => Scenario, { description: 'Save a scenario in a library you can edit (needs an API key).' })
  createScenario(@Ctx() ctx: Context, @Arg('input', () => CreateScenarioInput) input: CreateScenarioInput) {
    return scenarios.createScenario(ctx.db, ctx.viewer, { ...toWrite(input), libraryId: input.libraryId });
  }

  @Mutation(() => Scenario, {
    description:
      "Replace a scenario's name, description, tags and input as a new version (what `input` leaves out is cleared): a rename is an update with a new input.name. " +
      'A stale expectedVersion is a CONFLICT that changes nothing; its extensions carry currentVersion, savedBy { id name }, savedAt and changedPaths ' +
      '(the input paths that differ between expectedVersion and currentVersion).',
  })
  updateScenario(
    @Ctx() ctx: Context,
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('input', () => ScenarioSpecType) input: ScenarioSpecType,
    @Arg('note', () => String, { nullable: true, description: NOTE }) note: string | null,
  ) {
    return scenarios.updateScenario(ctx.db, ctx.viewer, id, expectedVersion, toWrite(input), note);
  }

  @Mutation(() => Boolean, { description: 'Delete a scenario (soft: restorable by an editor until an owner purges it).' })
  deleteScenario(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return scenarios.deleteScenario(ctx.db, ctx.viewer, id);
  }

  @Mutation(() => Scenario, { description: 'Bring a deleted scenario back (EDITOR).' })
  restoreScenario(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return scenarios.restoreScenario(ctx.db, ctx.viewer, id);
  }

  @Mutation(() => Boolean, { description: 'Remove a deleted scenario and its history for good (OWNER).' })
  purgeScenario(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return scenarios.purgeScenario(ctx.db, ctx.viewer, id);
  }

  @Mutation(() => Scenario, { description: 'Bring an old revision back as a new version (EDITOR).' })
  restoreScenarioRevision(
    @Ctx() ctx: Context,
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('expectedVersion', () => Int, { nullable: true, description: 'Guard against concurrent edits, as in updateScenario.' }) expectedVersion: number | null,
    @Arg('note', () => String, { nullable: true, description: NOTE }) note: string | null,
  ) {
    return scenarios.restoreScenarioRevision(ctx.db, ctx.viewer, id, version, expectedVersion, note);
  }

  @Mutation(() => Scenario, { description: 'Copy a readable scenario into a library you can edit; it remembers where it came from.' })
  forkScenario(
    @Ctx() ctx: Context,
    @Arg('id', () => ID) id: string,
    @Arg('libraryId', () => ID) libraryId: string,
    @Arg('name', () => String, { nullable: true }) name: string | null,
  ) {
    return scenarios.forkScenario(ctx.db, ctx.viewer, id, libraryId, name);
  }

  @FieldResolver(() => Scenario, { nullable: true, description: 'The scenario this one was forked from, when you can still read it.' })
  async forkedFrom(@Root() s: Scenario, @Ctx() ctx: Context) {
    if (!s.forkedFromId) return null;
    return scenarios.getScenario(ctx.db, ctx.viewer, s.forkedFromId).catch((e) => {
      if (isNotFound(e)) return null;
      throw e;
    });
  }

  @FieldResolver(() => Library)
  async library(@Root() s: Scenario, @Ctx() ctx: Context) {
    return (await ctx.libraries.load(s.libraryId))?.library ?? null;
  }

  @FieldResolver(() => User, { nullable: true })
  async createdBy(@Root() s: Scenario, @Ctx() ctx: Context) {
    return s.createdById ? ctx.users.load(s.createdById) : null;
  }

  @FieldResolver(() => ScenarioSpecType, {
    nullable: true,
    description:
      'The input the estimate is computed from, as stored. A stored value its type cannot show (a row no path of the API wrote) is that ' +
      "field's error, STORED_INPUT_INVALID naming its path, and null — this whole input when the field is required; the row stays.",
  })
  input(@Root() s: Scenario, @Info() info: GraphQLResolveInfo) {
    // With its tags (a column, as name and description are), so that input.tags is the scenario's.
    return showable({ ...scenarios.specOf(s as never), tags: s.tags }, info.returnType);
  }

  @FieldResolver(() => Estimate, {
    nullable: true,
    description:
      "Computed on read from the core (with the library's custom hardware); the fields and aliases of one scenario share one computation. " +
      'Null, with its error (BAD_USER_INPUT naming the field, or COMPUTE_BUDGET_EXCEEDED), when it cannot be computed; the rest of the page is unaffected.',
  })
  async estimate(@Root() s: Scenario, @Ctx() ctx: Context) {
    const info = await ctx.libraries.load(s.libraryId);
    const spec = scenarios.specOf(s as never);
    ctx.work.charge(estimateWork(spec, { range: false }));
    const lazy = scenarioEstimate(ctx.estimates, `${s.id}@${s.version}`, () => spec, { customHardware: info?.hardware ?? [] });
    lazy.resolved(); // a stored input that no longer validates fails here, on `estimate` itself (null), not on each field asked
    return new Estimate(lazy, ctx.work);
  }

  @FieldResolver(() => [ScenarioRevision], { description: 'Every saved version, newest first.' })
  async history(@Root() s: Scenario, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    const rows = await ctx.histories.load(s.id);
    ctx.work.charge(rows.length);
    const inputType = (getNamedType(info.returnType) as GraphQLObjectType).getFields().input.type;
    return rows.map((r) => ({
      version: r.version,
      createdAt: r.createdAt,
      author: r.author,
      note: r.note,
      input: showable({ ...scenarios.specOf(r), tags: r.tags }, inputType),
    }));
  }

  @FieldResolver(() => String, { nullable: true, description: "The current version's change note; null when it has none." })
  note(@Root() s: Scenario, @Ctx() ctx: Context) {
    return ctx.notes.load(`${s.id}@${s.version}`);
  }
}
