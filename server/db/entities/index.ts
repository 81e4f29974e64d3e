import { Actor } from './Actor';
import { ApiKey } from './ApiKey';
import { Claim } from './Claim';
import { ClaimTopic } from './ClaimTopic';
import { Dispute } from './Dispute';
import { Evidence } from './Evidence';
import { HistoryEvent } from './HistoryEvent';
import { Session } from './Session';
import { Source } from './Source';
import { Topic } from './Topic';
import { User } from './User';

export { Actor, ApiKey, Claim, ClaimTopic, Dispute, Evidence, HistoryEvent, Session, Source, Topic, User };
export const entities = [Actor, ApiKey, Claim, ClaimTopic, Dispute, Evidence, HistoryEvent, Session, Source, Topic, User];
