import type { SelectQueryBuilder } from "kysely";
import type { DynamicDatabase } from "../database.js";
import type { RelationHop } from "./relation-hop.js";

type ToOneHop = Extract<RelationHop, { kind: "to-one" }>;

interface Join {
  readonly alias: string;
  readonly parent: string;
  readonly hop: ToOneHop;
}

/**
 * LEFT JOINs for the to-one paths that order and fields read, one per distinct path
 * prefix, so `station__name` and `station__number` share one join. To-one joins never
 * multiply rows; to-many paths never come here.
 */
export class JoinPlan {
  private readonly joins = new Map<string, Join>();

  constructor(readonly table: string) {}

  /** The alias of the table at the end of `hops` (the main table for none). */
  aliasFor(hops: readonly ToOneHop[]): string {
    let parent = this.table;
    let path = "";
    for (const hop of hops) {
      path = path === "" ? hop.name : `${path}__${hop.name}`;
      let join = this.joins.get(path);
      if (join === undefined) {
        join = { alias: `j${this.joins.size + 1}`, parent, hop };
        this.joins.set(path, join);
      }
      parent = join.alias;
    }
    return parent;
  }

  apply<O>(
    query: SelectQueryBuilder<DynamicDatabase, string, O>,
  ): SelectQueryBuilder<DynamicDatabase, string, O> {
    let joined = query;
    for (const { alias, parent, hop } of this.joins.values()) {
      joined = joined.leftJoin(
        `${hop.to.name} as ${alias}`,
        `${alias}.id`,
        `${parent}.${hop.column}`,
      );
    }
    return joined;
  }
}

export function isToOne(hop: RelationHop): hop is ToOneHop {
  return hop.kind === "to-one";
}
