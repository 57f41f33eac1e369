export * from './customers'
export * from './org'
export * from './system'
export * from './tags'
