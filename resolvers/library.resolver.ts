import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../src/server/context';
import * as libraries from '../src/services/library.service';
import { listScenarios } from '../src/services/scenario.service';
import { CreateLibraryInput, Library } from './library.type';
import { ScenarioPageArgs, toConnection } from './scenario.resolver';
import { ScenarioConnection } from './scenario.type';

@Resolver(() => Library)
export class LibraryResolver {
  @Query(() => [Library], { description: 'Libraries you may read.' })
  libraries(@Ctx() ctx: Context) {
    return libraries.listLibraries(ctx.db, ctx.viewer);
  }

  @Query(() => Library, { nullable: true, description: 'A library by id, or a built-in one by key ("examples").' })
  library(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return libraries.getLibrary(ctx.db, ctx.viewer, id).catch((e) => {
      if ((e as { code?: string }).code === 'NOT_FOUND') return null;
      throw e;
    });
  }

  @Mutation(() => Library, { description: 'Create a library (needs an API key).' })
  createLibrary(@Ctx() ctx: Context, @Arg('input', () => CreateLibraryInput) input: CreateLibraryInput) {
    return libraries.createLibrary(ctx.db, ctx.viewer, input);
  }

  @FieldResolver(() => ScenarioConnection)
  async scenarios(@Root() library: Library, @Ctx() ctx: Context, @Args(() => ScenarioPageArgs) args: ScenarioPageArgs) {
    return toConnection(await listScenarios(ctx.db, ctx.viewer, { ...args, libraryId: library.id }));
  }
}
