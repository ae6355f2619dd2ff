import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ simpleResolvers: true })
export class User {
  @Field(() => ID) id: string;
  @Field(() => String) name: string;
}

@ObjectType({ simpleResolvers: true, description: 'A user as the directory shows them: id and name, never keys.' })
export class DirectoryUser {
  @Field(() => ID) id: string;
  @Field(() => String) name: string;
}

@ObjectType({ simpleResolvers: true, description: 'An API key as its owner sees it later: never the key itself.' })
export class ApiKeyInfo {
  @Field(() => ID) id: string;
  @Field(() => String, { nullable: true }) name: string | null;
  @Field(() => String, { description: "The key's first characters, to tell keys apart." }) prefix: string;
  @Field(() => Date) createdAt: Date;
  @Field(() => Date, { nullable: true }) revokedAt: Date | null;
}

@ObjectType({ simpleResolvers: true, description: 'The caller.' })
export class Me {
  @Field(() => ID) id: string;
  @Field(() => String) name: string;
  @Field(() => Boolean) isAdmin: boolean;
  @Field(() => [ApiKeyInfo]) apiKeys: ApiKeyInfo[];
}

@ObjectType({ simpleResolvers: true, description: 'A new user and their first API key — shown once, store it now.' })
export class CreatedUser {
  @Field(() => User) user: User;
  @Field(() => String) apiKey: string;
}

@ObjectType({ simpleResolvers: true, description: 'A new API key — shown once, store it now.' })
export class CreatedApiKey {
  @Field(() => ID) id: string;
  @Field(() => String) apiKey: string;
}
