declare const brand: unique symbol;
/** A nominal type: a T that has been checked to be a B, so two kinds of id cannot be swapped. */
export type Branded<T, B extends string> = T & { readonly [brand]: B };
