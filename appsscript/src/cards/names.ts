// Every function a card can call, by its global name. index.ts exports a function for each (a
// type-level check there fails the build if one is missing), build.mjs makes them globals.
export const fn = {
  retry: 'onRetry',
  home: 'onShowHome',
  openTicket: 'onOpenTicket',
  ticketList: 'onTicketList',
  showTicketForm: 'onShowTicketForm',
  fileTicket: 'onFileTicket',
  showReportForm: 'onShowReportForm',
  fileReport: 'onFileReport',
  showAddToTicket: 'onShowAddToTicket',
  addEmailToTicket: 'onAddEmailToTicket',
  reply: 'onTicketReply',
  setStatus: 'onTicketSetStatus',
  assignToMe: 'onTicketAssignToMe',
  closeTicket: 'onTicketClose',
  moreReplies: 'onTicketMoreReplies',
  search: 'onSearch',
  openResult: 'onOpenSearchResult',
  lookupUser: 'onLookupUser',
  personList: 'onPersonList',
  expiringList: 'onExpiringList',
  syncNow: 'onSyncNow',
  testConnection: 'onTestConnection',
  saveSettings: 'onSaveSettings',
  showSettings: 'onShowSettings',
  driveSearch: 'onDriveSearch',
  driveAttach: 'onDriveAttach',
  driveLink: 'onDriveLink',
} as const;

export type CallbackName = (typeof fn)[keyof typeof fn];
