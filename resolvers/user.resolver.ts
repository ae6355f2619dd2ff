import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from './context';
import * as users from '../src/services/user.service';
import { ApiKeyInfo, CreatedApiKey, CreatedUser, DirectoryUser, Me, User } from './user.type';

@Resolver()
export class UserResolver {
  @Query(() => Me, { nullable: true, description: 'The caller, or null without an API key.' })
  async me(@Ctx() ctx: Context): Promise<Me | null> {
    if (!ctx.viewer) return null;
    const keys: ApiKeyInfo[] = await users.myKeys(ctx.db, ctx.viewer);
    return { id: ctx.viewer.userId, name: ctx.viewer.name, isAdmin: ctx.viewer.isAdmin, apiKeys: keys };
  }

  @Query(() => [User], { description: 'All users (admin only): user ids for addLibraryMember (owners: userDirectory).' })
  users(@Ctx() ctx: Context) {
    return users.listUsers(ctx.db, ctx.viewer);
  }

  @Query(() => [DirectoryUser], {
    description:
      `Users whose name contains \`search\` (any case, at least ${users.DIRECTORY.minSearch} characters), by name: user ids for addLibraryMember. ` +
      'For the admin and for anyone who OWNs a library (else FORBIDDEN); ids and names only, never keys.',
  })
  userDirectory(
    @Ctx() ctx: Context,
    @Arg('search', () => String) search: string,
    @Arg('first', () => Int, { nullable: true, defaultValue: users.DIRECTORY.defaultFirst, description: `1 to ${users.DIRECTORY.maxFirst}.` })
    first: number | null,
  ) {
    return users.userDirectory(ctx.db, ctx.viewer, search, first);
  }

  @Mutation(() => CreatedUser, { description: 'Create a user with a first API key (admin only).' })
  createUser(@Ctx() ctx: Context, @Arg('name', () => String) name: string) {
    return users.createUser(ctx.db, ctx.viewer, name);
  }

  @Mutation(() => CreatedApiKey, { description: 'A new API key for the caller.' })
  createApiKey(@Ctx() ctx: Context, @Arg('name', () => String, { nullable: true }) name: string | null) {
    return users.createApiKey(ctx.db, ctx.viewer, name);
  }

  @Mutation(() => Boolean, { description: 'Revoke one of your keys (the admin: any key). It stops working at once.' })
  revokeApiKey(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return users.revokeApiKey(ctx.db, ctx.viewer, id, { adminKeyFile: ctx.adminKeyFile });
  }
}
